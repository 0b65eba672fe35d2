// Where a sweep keeps its files, under its output folder:
//   plan.json             the points (ids, axis values, the `aimc run` arguments of each)
//   points/ID.json        a finished point's stats (written whole or not at all)
//   points/ID.log         its console output
//   results.csv / .md     written by `aimc sweep collect`
//   slurm/                the job script and command list of --slurm
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tb/sweep/sweep_plan.h"

namespace aimc {

struct SweepFiles {
  std::filesystem::path dir;

  std::filesystem::path plan() const { return dir / "plan.json"; }
  std::filesystem::path stats(const SweepPoint& p) const { return dir / "points" / (p.id + ".json"); }
  std::filesystem::path log(const SweepPoint& p) const { return dir / "points" / (p.id + ".log"); }
  bool done(const SweepPoint& p) const { return std::filesystem::is_regular_file(stats(p)); }
};

// Writes plan.json (the points as planned now; a rerun after the sweep file changed rewrites it).
void write_plan(const SweepPlan& plan, const SweepFiles& files, const std::string& binary);

// The path of the running aimc binary, which the points run.
std::string own_binary();

// One shell command line that runs the point and sends its output to its log.
std::string point_command_line(const SweepPoint& p, const SweepFiles& files, const std::string& binary);

}  // namespace aimc
