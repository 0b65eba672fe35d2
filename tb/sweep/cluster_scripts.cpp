#include "tb/sweep/cluster_scripts.h"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <sys/stat.h>

#include "tb/sim/text_file.h"

namespace aimc {
namespace {

std::string pending_commands(const SweepPlan& plan, const SweepFiles& files, const std::string& binary, size_t& count) {
  std::string text;
  count = 0;
  for (const SweepPoint& p : plan.points) {
    if (files.done(p)) continue;
    text += point_command_line(p, files, binary) + "\n";
    ++count;
  }
  return text;
}

}  // namespace

std::string submit_slurm(const SweepPlan& plan, const SweepFiles& files, const std::string& binary,
                         const SlurmOptions& o) {
  const std::filesystem::path slurm_dir = std::filesystem::absolute(files.dir / "slurm");
  std::filesystem::create_directories(slurm_dir);
  size_t count = 0;
  const std::string commands = pending_commands(plan, files, binary, count);
  if (count == 0) return "every point is done: nothing to submit";
  const std::filesystem::path commands_path = slurm_dir / "commands.txt";
  write_text_file(commands_path.string(), commands);
  const size_t chunk = size_t(std::max(1, o.chunk));
  const size_t tasks = (count + chunk - 1) / chunk;
  std::string script = "#!/bin/bash\n";
  script += fmt::format("#SBATCH --job-name=aimc-{}\n", plan.spec.name);
  script += fmt::format("#SBATCH --array=0-{}{}\n", tasks - 1, o.max_parallel > 0 ? fmt::format("%{}", o.max_parallel) : "");
  script += fmt::format("#SBATCH --output={}/task-%A_%a.out\n", slurm_dir.string());
  script += "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n";
  if (!o.partition.empty()) script += fmt::format("#SBATCH --partition={}\n", o.partition);
  if (!o.time.empty()) script += fmt::format("#SBATCH --time={}\n", o.time);
  if (!o.account.empty()) script += fmt::format("#SBATCH --account={}\n", o.account);
  script += fmt::format(
      "# Written by aimc sweep: array task i runs lines {}*i+1 .. {}*(i+1) of commands.txt, one\n"
      "# `aimc run` each, and fails if any of them failed.\n"
      "first=$(( SLURM_ARRAY_TASK_ID * {} + 1 ))\n"
      "last=$(( first + {} - 1 ))\n"
      "status=0\n"
      "while IFS= read -r line; do\n"
      "  bash -c \"$line\" || status=1\n"
      "done < <(sed -n \"${{first}},${{last}}p\" '{}')\n"
      "exit $status\n",
      chunk, chunk, chunk, chunk, commands_path.string());
  const std::filesystem::path job = slurm_dir / "job.sh";
  write_text_file(job.string(), script);
  chmod(job.c_str(), 0755);
  const std::string collect = fmt::format("aimc sweep collect {}", files.dir.string());
  if (!o.submit) {
    return fmt::format("wrote {} ({} array tasks for {} points); submit it with: sbatch {}\nthen, when it has run: {}",
                       job.string(), tasks, count, job.string(), collect);
  }
  const std::string command = fmt::format("sbatch --parsable '{}' 2>&1", job.string());
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run sbatch");
  std::string out;
  std::array<char, 256> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe.release());
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (status != 0) {
    throw std::runtime_error(fmt::format("sbatch {} failed: {} (the script is written; --no-submit writes it without "
                                         "submitting)",
                                         job.string(), out.empty() ? "no output" : out));
  }
  return fmt::format("submitted job {}: {} array tasks for {} points (logs in {})\nwhen it has run: {}", out, tasks,
                     count, slurm_dir.string(), collect);
}

size_t write_parallel_commands(const SweepPlan& plan, const SweepFiles& files, const std::string& binary,
                               const std::string& path) {
  size_t count = 0;
  write_text_file(path, pending_commands(plan, files, binary, count));
  return count;
}

}  // namespace aimc
