// run_scenario_tlm: one scenario through the SystemC/TLM-2.0 controller (HbmController, exact
// mode) played by the TrafficInitiator: the same traffic, listeners and statistics as
// run_scenario's trace driver, so `aimc run --backend tlm` reports the same figures. Each call
// runs in a fresh SystemC context.
#pragma once

#include <vector>

#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {

class ControllerListener;

RunStats run_scenario_tlm(const Scenario& s, const std::vector<ControllerListener*>& listeners = {},
                          uint64_t max_requests = 0);

}  // namespace aimc
