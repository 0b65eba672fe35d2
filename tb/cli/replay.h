// Replaying a run from its stats JSON alone (`aimc run --from-stats X.json`). Every run that
// writes stats records in `run.replay` what it read: the scenario and memspec files' text (with
// their paths), the trace files' paths and sizes, and every option that changes the result. A
// replay writes the two files back under a scratch folder, at their old paths below it, so that
// the paths inside them resolve as before, and runs with the same options.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/params/scenario.h"
#include "tb/cli/run_args.h"

namespace aimc {

// What `run.replay` holds for a run made with `a` that loaded `s`.
nlohmann::json replay_record(const RunArgs& a, const Scenario& s);

// The options of the recorded run, with the scenario and memspec rebuilt under `scratch_dir`;
// the output options of `given` (stats, command trace, waveform, check, progress) are kept.
// ConfigError naming the stats file when it holds no replay record or a trace file changed.
RunArgs replay_args(const std::string& stats_path, const RunArgs& given, const std::string& scratch_dir);

}  // namespace aimc
