// Reporters over one RunStats: the stats JSON file (docs/formats.md) and the short
// text summary the CLI prints. Units are in the key names.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"
#include "tb/sim/sample_search.h"
#include "tb/sim/sampling_check.h"

namespace aimc {

// `check`: the sampling check's run (tb/sim/sampling_check.h), adding each sampled LLM stream's
// `sampling` record.
nlohmann::json stats_to_json(const RunStats& s, const Scenario& scenario, const SamplingCheck* check = nullptr);
// The search of aimc run --sample-until (tb/sim/sample_search.h): what was asked, each scale run
// with its streams' whole steps (by name) and gap to the next, the answer and whether it reached
// the target. `s` is the scenario searched.
nlohmann::json sample_search_json(const SampleSearch& search, const Scenario& s);
// A simulation speed with a unit that keeps three digits: "1.23 M", "3.67 k" or "512" requests/s.
std::string format_rate(double requests_per_s);
void write_stats_json(const nlohmann::json& j, const std::string& path);  // throws runtime_error
std::string format_summary(const nlohmann::json& j);

}  // namespace aimc
