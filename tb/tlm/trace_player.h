// TracePlayer: a TLM-2.0 initiator that plays a trace into a target, one transaction process
// per request so that as many requests overlap as the trace asks for.
//   exact:   it waits until each request's time and calls b_transport with zero delay;
//   decoupled (for LT targets): at each boundary of the global quantum it issues every request
//            of the coming quantum window at once, passing each one's offset as the annotated
//            delay (the TLM quantum discipline, aligned to the global quantum).
// It measures what an initiator sees: completions, bytes and latency from request time to
// response time.
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

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

 private:
  void play();
  void transact(TraceRequest r, sc_core::sc_time offset);

  TraceReader& trace_;
  bool decoupled_;
  PlayerStats stats_;
};

}  // namespace aimc
