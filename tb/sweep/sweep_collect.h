// `aimc sweep collect DIR`: one table of a sweep, one row per point with its axis values as
// columns and its headline figures, from plan.json and the points' stats. Points not finished
// yet are rows with status "pending", or "unfinished" when their log exists but their stats do
// not (the run failed, or it is still running).
#pragma once

#include <string>

namespace aimc {

struct SweepTables {
  std::string csv;       // every figure at full precision
  std::string markdown;  // the same rows, rounded for reading
  size_t points = 0, finished = 0;
};

SweepTables collect_sweep(const std::string& dir);

}  // namespace aimc
