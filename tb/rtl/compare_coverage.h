// What a model-vs-RTL comparison exercised, so that "identical" says how much was compared: the
// commands of each kind and the row outcomes of the reference run, the features the run's
// refresh and page policies should reach, and which of those it never reached. `aimc compare`
// prints it per run and sums it over all its runs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/params/controller_config.h"
#include "tb/sim/run_stats.h"

namespace aimc {

struct CompareCoverage {
  std::array<uint64_t, kNumCommands> commands{};
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  // The features a run with these policies can exercise (REFab and PREA under all-bank refresh,
  // REFpb under per-bank refresh, RDA/WRA under the closed page policy, ...).
  std::vector<std::string> expected;

  void add(const RunStats& s, RefreshPolicy refresh, PagePolicy page);
  uint64_t count(const std::string& feature) const;
  std::vector<std::string> never_exercised() const;
  std::string table() const;  // one line: "ACT 1618, PRE 1202, ..., row hits 5107, ..."
};

}  // namespace aimc
