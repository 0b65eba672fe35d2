// The runs of a sweep: every combination the sweep file names, each with a stable id. A knob that
// the point's policy does not read (an ai_aware knob under fr_fcfs) is left out of that point, so
// the combinations that differ only in it are one run; its column reads "n/a".
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tb/sweep/sweep_spec.h"

namespace aimc {

struct SweepPoint {
  std::string id;        // "p" + 12 hex digits of a hash of everything below: stable across reruns and machines
  std::string scenario;  // path to read
  std::string scenario_as_written;  // in the sweep file
  std::string policy;    // the policy it runs (the scenario's own when the sweep names none)
  std::string backend;   // model | tlm | rtl
  int seed = 0;          // offset added to every generated stream's seed
  uint64_t max_requests = 0;
  bool sampling_check = false;  // not in the id: it adds the uncertainty and changes no other figure
  double sample_scale = 1;      // --sample-scale (in the id when not 1)
  double sample_until = 0;      // --sample-until PCT for a scenario that samples (in the id when set)
  bool samples = false;         // its scenario has an LLM stream that samples its layers
  std::vector<std::pair<std::string, std::string>> sets;  // --set PATH=VALUE: fixed ones, then the axes that apply
  std::vector<std::optional<std::string>> axis_values;    // per SweepSpec::axes; nullopt: does not apply
};

struct SweepPlan {
  SweepSpec spec;
  std::vector<SweepPoint> points;  // in the order of the combinations, duplicates left out
};

// Expands the sweep and loads every point's scenario with its overrides, so a bad path or value
// fails before anything runs; the error names the sweep file and the point.
SweepPlan plan_sweep(const SweepSpec& spec);

// Whether `policy` reads the scenario field at `path` (ai_aware knobs only under ai_aware; the
// FR-FCFS row-hit cap not under fcfs).
bool policy_reads(const std::string& policy, const std::string& path);

// The `aimc run` arguments (after "run") that simulate the point and write its stats to `stats`.
std::vector<std::string> run_arguments(const SweepPoint& p, const std::string& stats);

// One line per point for a human: "scenario=... policy=... memspec.data_rate_gbps=8.0".
std::string describe(const SweepPlan& plan, const SweepPoint& p);

}  // namespace aimc
