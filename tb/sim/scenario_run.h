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
// backend: the controller to run (default: the C++ core). max_requests: play only the first
// requests of the traffic (0: all).
RunStats run_scenario(const Scenario& s, const std::vector<ControllerListener*>& listeners = {},
                      TraceDriver::Progress progress = nullptr, const TraceDriver::BackendFactory& backend = nullptr,
                      uint64_t max_requests = 0);

// The seed-k variant of a scenario: every generated stream's seed moved by k (trace streams do
// not change). compare-policies --seeds and aimc run --seed-offset.
Scenario reseeded(Scenario s, int k);

}  // namespace aimc
