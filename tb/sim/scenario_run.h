// run_scenario: one simulation of a scenario through the controller core: its traffic (all
// streams merged), its memspec and controller knobs; optional listeners see every command.
// Shared by `aimc run` and `aimc compare-policies`.
#pragma once

#include <vector>

#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"
#include "tb/sim/trace_driver.h"

namespace aimc {

// Throws ConfigError for bad input (naming file, line and field) and std::runtime_error when
// the controller stops making progress.
RunStats run_scenario(const Scenario& s, const std::vector<ControllerListener*>& listeners = {},
                      TraceDriver::Progress progress = nullptr);

}  // namespace aimc
