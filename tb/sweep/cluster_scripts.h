// Running a sweep on a cluster with the engines clusters have: a Slurm job array (one array
// task per chunk of points, each running the same `aimc run` command a local sweep runs), or a
// command file for GNU parallel over ssh. Both need the sweep folder on a file system the nodes
// share; `aimc sweep collect DIR` merges the results afterwards.
#pragma once

#include <string>

#include "tb/sweep/sweep_files.h"

namespace aimc {

struct SlurmOptions {
  std::string partition, time, account;
  int chunk = 1;         // points per array task
  int max_parallel = 0;  // at most this many tasks at once (0: as Slurm schedules)
  bool submit = true;    // false: write the script only
};

// Writes DIR/slurm/commands.txt (the unfinished points, one command per line) and
// DIR/slurm/job.sh (the array job), then submits it with sbatch unless told not to. Returns a
// message for the user (the job id, or how to submit). Throws when sbatch fails.
std::string submit_slurm(const SweepPlan& plan, const SweepFiles& files, const std::string& binary,
                         const SlurmOptions& options);

// Writes the unfinished points' commands, one per line, for `parallel < FILE`; returns how many.
size_t write_parallel_commands(const SweepPlan& plan, const SweepFiles& files, const std::string& binary,
                               const std::string& path);

}  // namespace aimc
