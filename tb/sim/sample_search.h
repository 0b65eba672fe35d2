// Sampling to a target uncertainty (aimc run --sample-until PCT). A sampled LLM stream's
// whole-model figures are as good as its sample; how good is seen by running a larger one (the
// sampling check, tb/sim/sampling_check.h). The search runs the scenario at sample scales 1, 2,
// 4, ... (scaled_sample: every sampled layer_fraction that many times as large, the tenants
// stretched alike) until the whole steps extrapolated at the last three scales agree, each within
// the target of the one below, for every sampled stream. The largest is the answer, the run
// whose figures are reported; the one below is its sampling check (at half its fractions). The
// gaps are of the size of the samples' error against a whole, unsampled step, not a bound on it
// (docs/benchmarks.md, "Sampling to a target").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/params/scenario.h"
#include "tb/sim/sampling_check.h"

namespace aimc {

struct SampleLevel {
  double scale = 1;                               // relative to the scenario searched
  std::map<uint32_t, double> full_step_ns;        // stream id -> whole step extrapolated at this scale
  double gap_to_next = -1;                        // largest relative gap to the next level's (-1: none run)
};

struct SampleSearch {
  double until = 0;      // the relative gap asked for (0.02 for 2 %)
  double max_scale = 0;  // the largest scale the search may run
  double scale = 1;      // the answer: the last level run, whose figures are reported
  double gap = 0;        // the largest relative gap between the answer's whole steps and the level's below
  bool reached = false;  // the last two gaps (this one and the one below) are within `until`
  std::string stopped_by;            // why the search stopped before reaching it ("" when reached)
  std::vector<SampleLevel> levels;   // as run, scale 1 first
  SamplingCheck check;               // the level below the answer: the answer's sampling check
  std::shared_ptr<const RunStats> answer_stats;  // the answer's run (on the core, no listeners)
  double wall_s = 0;                 // the whole search
};

// The smallest scale that can be an answer: x1, x2 and x4 are the fewest three scales.
inline constexpr double kFewestScalesToAnswer = 4;

// Throws ConfigError, naming the stream's file, line and field, when a sampled stream's
// layer_fraction leaves no room for three scales (x4 would pass 1).
void check_searchable(const Scenario& s);

// The name of the scenario's stream with this id ("" when there is none).
std::string stream_name(const Scenario& s, uint32_t stream_id);

// Runs the search on the C++ core. `until` > 0; `max_scale` >= kFewestScalesToAnswer. The
// scenario must sample (samples_layer_bytes) and pass check_searchable(). Levels stop at
// max_scale and where a sampled fraction would pass 1. `on_level` (optional) is told of each
// level as it is found, with the one below (null for x1).
using SampleLevelReport = std::function<void(const SampleLevel& level, const SampleLevel* below)>;
SampleSearch search_sample_scale(const Scenario& s, double until, double max_scale,
                                 const SampleLevelReport& on_level = nullptr);

// Runs the search on to `scale` (a power of two above its answer), taking each level as the
// answer in turn, whether or not the target is reached there: compare-policies compares the
// policies of one scenario at one scale, the largest any of their searches chose.
void extend_sample_search(SampleSearch& search, const Scenario& s, double scale);

}  // namespace aimc
