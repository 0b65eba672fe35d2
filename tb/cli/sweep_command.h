// `aimc sweep SPEC.yaml` and `aimc sweep collect DIR` (docs/sweeps.md).
#pragma once

#include <string>

#include "tb/sweep/cluster_scripts.h"

namespace aimc {

struct SweepArgs {
  std::string spec, out_dir;  // out_dir "": NAME.sweep beside the current directory
  int jobs = 0;               // 0: one per CPU this process may use
  bool dry_run = false, quiet = false;
  bool slurm = false;
  SlurmOptions slurm_options;
  std::string emit_parallel;  // write the command file for GNU parallel instead of running
};

// Returns the exit code: 0 when every point has its stats, 1 when some failed.
int sweep_command(const SweepArgs& args);
int sweep_collect_command(const std::string& dir, bool quiet);

}  // namespace aimc
