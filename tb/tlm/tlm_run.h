// run_scenario_tlm: one scenario through the SystemC/TLM-2.0 target (HbmController) played by the
// TrafficInitiator: the same traffic, listeners and statistics as run_scenario's trace driver,
// so `aimc run --backend tlm` reports the same figures. Three ways to drive it:
//   at:    the 4-phase non-blocking protocol; cycle-exact, any number of requests in flight;
//   exact: blocking b_transport from worker threads; cycle-exact while fewer than
//          TrafficInitiator::kDefaultMaxOutstanding requests are in flight (beyond that the
//          initiator holds requests back, and RunStats::tlm_held_back counts them);
//   lt:    loosely timed, the initiator decoupled by the global quantum (open-loop streams).
// Behind the socket, the C++ core, or any backend (the Verilated RTL: `aimc run --backend rtl
// --tlm-socket`). Each call runs in a fresh SystemC context.
#pragma once

#include <functional>

#include <string>
#include <vector>

#include "models/core/controller_backend.h"
#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {

enum class TlmRunMode { At, Exact, LooselyTimed };
std::string to_string(TlmRunMode m);
TlmRunMode tlm_run_mode_from_name(const std::string& name);  // at | exact | lt

struct TlmRunOptions {
  TlmRunMode mode = TlmRunMode::At;
  double quantum_ns = 1000;  // the global quantum of lt mode
};

// Makes a fresh SystemC kernel current (the previous one is left to the process).
void make_fresh_simcontext();

// progress: called with the fraction of the traffic played, at most every 250 ms (may be null).
RunStats run_scenario_tlm(const Scenario& s, const std::vector<ControllerListener*>& listeners = {},
                          uint64_t max_requests = 0, const BackendFactory& backend = nullptr,
                          const TlmRunOptions& options = {}, const std::function<void(double)>& progress = nullptr);

}  // namespace aimc
