// SweepSpec: what `aimc sweep SPEC.yaml` runs, as written in the sweep file (docs/sweeps.md).
// The runs are every combination of scenarios x policies x backends x seeds x axis values;
// axes named together in a `zip` group advance together instead of multiplying.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace aimc {

// The largest seed offset a run takes (aimc run --seed-offset, a sweep's seeds).
constexpr int kMaxSeedOffset = 1000000;

struct SweepAxis {
  std::string path;                 // a --set path, e.g. memspec.data_rate_gbps
  std::vector<std::string> values;  // as written in the file
  int line = 0;
};

struct SweepSpec {
  std::string file;                    // the sweep file, for errors
  std::string name;                    // its stem: the default output folder is NAME.sweep
  std::vector<std::string> scenarios;  // paths as resolved against the sweep file's folder
  std::vector<std::string> scenarios_as_written;  // the same, as the file gives them (point ids hash these)
  std::vector<std::string> policies;   // empty: each scenario's own
  std::vector<std::string> backends = {"model"};
  std::vector<int> seeds = {0};        // seed offsets (every generated stream's seed + k)
  uint64_t max_requests = 0;           // 0: whole scenarios
  bool sampling_check = false;         // run each sampled LLM point's sampling check (3x the time)
  double sample_scale = 1;             // aimc run --sample-scale: K times each LLM stream's sample
  double sample_until = 0;             // > 0: aimc run --sample-until PCT on each point that samples
  std::vector<std::pair<std::string, std::string>> sets;  // fixed PATH=VALUE for every run
  std::vector<SweepAxis> axes;         // in file order
  std::vector<std::vector<std::string>> zip;  // groups of axis paths that advance together
};

// Reads and checks a sweep file; ConfigError (file, line, field) on anything wrong.
SweepSpec load_sweep_spec(const std::string& path);

}  // namespace aimc
