#include "tb/cli/sweep_command.h"

#include <fmt/format.h>

#include "models/params/config_error.h"
#include "tb/sim/text_file.h"
#include "tb/sim/usable_cpus.h"
#include "tb/sweep/sweep_collect.h"
#include "tb/sweep/sweep_runner.h"

namespace aimc {

int sweep_command(const SweepArgs& a) {
  const SweepPlan plan = plan_sweep(load_sweep_spec(a.spec));
  const SweepFiles files{a.out_dir.empty() ? std::filesystem::path(plan.spec.name + ".sweep") : std::filesystem::path(a.out_dir)};
  std::error_code ec;
  if (std::filesystem::exists(files.dir, ec) && !std::filesystem::is_directory(files.dir, ec)) {
    throw ConfigError("(command line)", 0, "--out",
                      "'" + files.dir.string() + "' is a file, not the sweep's folder" +
                          (a.out_dir.empty() ? " (the default, NAME.sweep; give another with -o)" : ""));
  }
  const std::string binary = own_binary();
  if (a.dry_run) {
    for (const SweepPoint& p : plan.points) {
      fmt::print("{} {}  {}\n", p.id, files.done(p) ? "done   " : "to run ", describe(plan, p));
    }
    fmt::print("{} points; nothing run (--dry-run)\n", plan.points.size());
    return 0;
  }
  write_plan(plan, files, binary);
  if (a.slurm) {
    fmt::print("{}\n", submit_slurm(plan, files, binary, a.slurm_options));
    return 0;
  }
  if (!a.emit_parallel.empty()) {
    const size_t n = write_parallel_commands(plan, files, binary, a.emit_parallel);
    fmt::print("wrote {} commands to {}; run them with: parallel --jobs N < {}\n"
               "(on several machines sharing this file system add --sshloginfile HOSTS), then: aimc sweep collect {}\n",
               n, a.emit_parallel, a.emit_parallel, files.dir.string());
    return 0;
  }
  const SweepRunSummary s = run_sweep_locally(plan, files, binary, a.jobs > 0 ? a.jobs : usable_cpus(), a.quiet);
  if (!a.quiet) {
    fmt::print("sweep {}: {} ran, {} done before, {} failed; results: aimc sweep collect {}\n", plan.spec.name, s.ran,
               s.already_done, s.failed, files.dir.string());
  }
  return s.failed == 0 ? 0 : 1;
}

int sweep_collect_command(const std::string& dir, bool quiet) {
  const SweepTables t = collect_sweep(dir);
  const std::filesystem::path root(dir);
  write_text_file((root / "results.csv").string(), t.csv);
  write_text_file((root / "results.md").string(), t.markdown);
  if (!quiet) {
    fmt::print("{}\n{} of {} points finished; wrote {} and {}\n", t.markdown, t.finished, t.points,
               (root / "results.csv").string(), (root / "results.md").string());
  }
  return 0;
}

}  // namespace aimc
