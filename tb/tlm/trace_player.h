// TracePlayer: a TLM-2.0 initiator that plays a trace into a target. A pool of worker
// processes carries the transactions so that requests overlap exactly as the trace asks; the
// pool grows when every worker is busy (threads are created for the peak of requests in
// flight, not per request). Workers take requests in trace order, so the target sees the calls
// in trace order.
//   exact:     it waits until each request's time and calls b_transport with zero delay;
//   decoupled (for LT targets): at each boundary of the global quantum it issues every request
//              of the coming quantum window at once, passing each one's offset as the annotated
//              delay (the TLM quantum discipline, aligned to the global quantum).
// It measures what an initiator sees: completions, bytes and latency from request time to
// response time.
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <deque>

#include "tb/trace/trace_reader.h"

namespace aimc {

struct PlayerStats {
  uint64_t requests = 0, bytes = 0, errors = 0;
  sc_core::sc_time latency_sum = sc_core::SC_ZERO_TIME;  // integer time: exact in any order
  sc_core::sc_time last_done = sc_core::SC_ZERO_TIME;
};

class TracePlayer : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TracePlayer> socket;

  TracePlayer(sc_core::sc_module_name name, TraceReader& trace, bool decoupled);
  const PlayerStats& stats() const { return stats_; }
  int workers() const { return workers_; }  // peak of requests in flight

 private:
  struct Job {
    TraceRequest request;
    sc_core::sc_time offset;
  };
  void play();
  void worker();
  void add_worker();
  void transact(const Job& job);

  TraceReader& trace_;
  bool decoupled_;
  int workers_ = 0;
  int busy_ = 0;
  std::deque<Job> jobs_;
  sc_core::sc_event job_ready_;
  PlayerStats stats_;
};

}  // namespace aimc
