// run_scenario_tlm: one scenario through the SystemC/TLM-2.0 target (HbmController, exact mode)
// played by the TrafficInitiator: the same traffic, listeners and statistics as run_scenario's
// trace driver, so `aimc run --backend tlm` reports the same figures. Behind the socket, the C++
// core, or any backend (the Verilated RTL: `aimc run --backend rtl --tlm-socket`). Each call
// runs in a fresh SystemC context.
#pragma once

#include <vector>

#include "models/core/controller_backend.h"
#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {


RunStats run_scenario_tlm(const Scenario& s, const std::vector<ControllerListener*>& listeners = {},
                          uint64_t max_requests = 0, const BackendFactory& backend = nullptr);

}  // namespace aimc
