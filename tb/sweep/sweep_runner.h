// Runs a sweep's unfinished points on this machine, `jobs` at a time, each as its own `aimc run`
// process (the same command a cluster runs), with a progress line and an ETA.
#pragma once

#include <string>

#include "tb/sweep/sweep_files.h"

namespace aimc {

struct SweepRunSummary {
  size_t already_done = 0, ran = 0, failed = 0;
};

SweepRunSummary run_sweep_locally(const SweepPlan& plan, const SweepFiles& files, const std::string& binary, int jobs,
                                  bool quiet);

}  // namespace aimc
