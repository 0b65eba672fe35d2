#include "tb/sweep/sweep_runner.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "tb/sim/text_file.h"

namespace aimc {

std::string own_binary() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

namespace {

// Single quotes for sh: 'it'\''s'.
std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string clock_text(double seconds) {
  const long s = long(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}

// Starts `binary run ARGS` with its output in `log`; returns the child's pid.
pid_t start_point(const std::string& binary, const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_text = {binary, "run"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start a process for a sweep point");
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string point_command_line(const SweepPoint& p, const SweepFiles& files, const std::string& binary) {
  std::string line = shell_quoted(binary) + " run";
  for (const std::string& a : run_arguments(p, std::filesystem::absolute(files.stats(p)).string())) line += " " + shell_quoted(a);
  return line + " > " + shell_quoted(std::filesystem::absolute(files.log(p)).string()) + " 2>&1";
}

void write_plan(const SweepPlan& plan, const SweepFiles& files, const std::string& binary) {
  std::filesystem::create_directories(files.dir / "points");
  nlohmann::json axes = nlohmann::json::array();
  for (const SweepAxis& a : plan.spec.axes) axes.push_back(a.path);
  nlohmann::json points = nlohmann::json::array();
  for (const SweepPoint& p : plan.points) {
    nlohmann::json values = nlohmann::json::object();
    for (size_t a = 0; a < plan.spec.axes.size(); ++a) {
      values[plan.spec.axes[a].path] = p.axis_values[a] ? nlohmann::json(*p.axis_values[a]) : nlohmann::json(nullptr);
    }
    nlohmann::json command = {binary, "run"};
    for (const std::string& arg : run_arguments(p, std::filesystem::absolute(files.stats(p)).string())) command.push_back(arg);
    points.push_back({{"id", p.id},
                      {"scenario", p.scenario_as_written},
                      {"policy", p.policy},
                      {"backend", p.backend},
                      {"seed", p.seed},
                      {"max_requests", p.max_requests > 0 ? nlohmann::json(p.max_requests) : nlohmann::json(nullptr)},
                      {"axes", values},
                      {"command", command}});
  }
  const nlohmann::json j = {{"sweep", std::filesystem::absolute(plan.spec.file).string()},
                            {"name", plan.spec.name},
                            {"axes", axes},
                            {"backends", plan.spec.backends},
                            {"seeds", plan.spec.seeds},
                            {"points", points}};
  write_text_file(files.plan().string(), j.dump(2) + "\n");
}

SweepRunSummary run_sweep_locally(const SweepPlan& plan, const SweepFiles& files, const std::string& binary, int jobs,
                                  bool quiet) {
  SweepRunSummary summary;
  std::vector<const SweepPoint*> pending;
  for (const SweepPoint& p : plan.points) {
    if (files.done(p)) {
      ++summary.already_done;
    } else {
      pending.push_back(&p);
    }
  }
  const size_t total = plan.points.size();
  if (!quiet) {
    fmt::print("sweep {}: {} points, {} done already, {} to run, {} at a time\n", plan.spec.name, total,
               summary.already_done, pending.size(), jobs);
    std::fflush(stdout);
  }
  const bool bar = !quiet && isatty(fileno(stderr)) != 0;
  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, const SweepPoint*> running;
  size_t next = 0, finished = 0;
  std::vector<std::string> failures;
  while (next < pending.size() || !running.empty()) {
    while (next < pending.size() && int(running.size()) < jobs) {
      const SweepPoint* p = pending[next++];
      running[start_point(binary, run_arguments(*p, files.stats(*p).string()), files.log(*p).string())] = p;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) throw std::runtime_error("lost track of the sweep's processes");
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint* p = it->second;
    running.erase(it);
    ++finished;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && files.done(*p);
    if (ok) {
      ++summary.ran;
    } else {
      ++summary.failed;
      failures.push_back(fmt::format("failed    {} ({}): see {}", p->id, describe(plan, *p), files.log(*p).string()));
    }
    if (quiet) continue;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta = elapsed / double(finished) * double(pending.size() - finished);
    if (bar) {
      constexpr int kWidth = 30;
      const size_t filled = finished * kWidth / pending.size();
      fmt::print(stderr, "\r[{}{}] {}/{} points  elapsed {}  eta {}   ", std::string(filled, '#'),
                 std::string(kWidth - filled, '.'), finished, pending.size(), clock_text(elapsed), clock_text(eta));
      std::fflush(stderr);
    } else {
      fmt::print("[{}/{}] {} {} {}  (eta {})\n", finished, pending.size(), ok ? "done  " : "FAILED", p->id,
                 describe(plan, *p), clock_text(eta));
      std::fflush(stdout);
    }
  }
  if (bar) fmt::print(stderr, "\r{}\r", std::string(78, ' '));
  for (const std::string& f : failures) fmt::print(stderr, "{}\n", f);
  return summary;
}

}  // namespace aimc
