// TrafficInitiator: a TLM-2.0 initiator that plays any RequestSource into a target: a trace
// file (TraceReader) or a generator (synthetic patterns, LLM model shapes, a whole scenario's
// merged streams: ScenarioTraffic). Each transaction carries a StreamExtension with the
// request's stream id and class. A pool of worker processes carries the transactions so that
// requests overlap exactly as their times ask; the pool grows when every worker is busy
// (threads are created for the peak of requests in flight, not per request), and a new job
// wakes exactly one idle worker. Workers take requests in source order, so the target sees the
// calls in that order.
//   exact:     it waits until each request's time and calls b_transport with zero delay;
//   decoupled (for LT targets): at each boundary of the global quantum it issues every request
//              of the coming quantum window at once, passing each one's offset as the annotated
//              delay (the TLM quantum discipline, aligned to the global quantum).
// Like a real initiator it has a limit of outstanding transactions (max_outstanding, default
// 16384, which also keeps the thread stacks within the kernel's mapping limit); at the limit it
// waits for a completion, and the late request's latency still counts from its own time.
// It measures what an initiator sees: completions, bytes and latency from request time to
// response time.
// Streams with issue limits (an outstanding limit, a step barrier) go through an IssueGate,
// the same one the trace driver uses: such a request is issued when the gate lets it, on a
// cycle boundary of the memory clock, and its latency counts from there.
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <deque>
#include <memory>
#include <vector>

#include "models/params/memspec.h"
#include "tb/traffic/issue_gate.h"
#include "tb/traffic/request_source.h"

namespace aimc {

struct PlayerStats {
  uint64_t requests = 0, bytes = 0, errors = 0;
  sc_core::sc_time latency_sum = sc_core::SC_ZERO_TIME;  // integer time: exact in any order
  sc_core::sc_time last_done = sc_core::SC_ZERO_TIME;
};

class TrafficInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TrafficInitiator> socket;

  static constexpr int kDefaultMaxOutstanding = 16384;

  TrafficInitiator(sc_core::sc_module_name name, RequestSource& source, bool decoupled,
                   int max_outstanding = kDefaultMaxOutstanding);
  // Streams with limits are issued through the gate; the gate's cycles are those of spec's
  // clock. Throws std::invalid_argument for a decoupled initiator with any limited stream.
  void set_issue_limits(std::vector<IssueLimits> limits, const MemSpec& spec);
  const PlayerStats& stats() const { return stats_; }
  int workers() const { return workers_; }  // peak of requests in flight

 private:
  struct Job {
    TraceRequest request;
    sc_core::sc_time offset;
  };
  struct Worker {
    sc_core::sc_event wake;
  };
  void play();
  void worker(Worker& me);
  void add_worker();
  void issue(const TraceRequest& r, const sc_core::sc_time& at);
  sc_core::sc_time transact(const Job& job);  // returns the response time
  // Gate cycles: a request issued at cycle c is sent at the first whole picosecond of c.
  uint64_t issue_ps(Cycle c) const;
  Cycle cycle_now() const;           // the last cycle whose issue time has come
  Cycle arrival_cycle(uint64_t time_ps) const;
  bool gated(const TraceRequest& r) const { return gate_ && gate_->gated(r.stream_id); }

  RequestSource& source_;
  bool decoupled_;
  int workers_ = 0;
  int max_outstanding_;
  int outstanding_ = 0;
  sc_core::sc_event completed_;
  std::deque<Job> jobs_;
  std::deque<Worker> pool_;      // stable addresses
  std::deque<Worker*> idle_;     // woken one at a time: no thundering herd
  PlayerStats stats_;
  std::unique_ptr<IssueGate> gate_;  // null: every request at its own time
  MemSpec spec_;  // its clock, for the gate's cycles
};

}  // namespace aimc
