// Plays workloads through the controller core (trace driver) and through the TLM target in
// each of its drives: at (non-blocking, cycle-exact), exact (blocking, cycle-exact while its
// threads suffice) and lt (loosely timed) at several global quanta. Prints, per run, bandwidth,
// mean request latency, mean decode step, wall and CPU time, requests per wall- and CPU-second,
// and for lt its error against at (cycle-exact) and its late admissions. Each run is a child
// process (SystemC keeps a finished simulation's thread stacks; a second large run in one
// process could not allocate its own).
//   aimc_bench_tlm [--quanta 10,100,1000,10000] SCENARIO.yaml...
//   aimc_bench_tlm [--quanta ...] --trace MEMSPEC.yaml TRACE
// A drive that refuses a workload (std::invalid_argument) prints "refused" in its row.
#include <fmt/format.h>

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include <systemc>  // declares sc_main

#include "tb/tlm/tlm_run.h"
#include "models/params/scenario.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/stats_report.h"

namespace {

struct Result {
  int status = 0;  // 0 ran, 1 refused (the drive cannot play the workload), 2 failed
  uint64_t requests = 0, late_admissions = 0, held_back = 0, early_answers = 0;
  double early_answer_ns = 0;
  double gbps = 0, latency_ns = 0, step_ns = 0, wall_s = 0, cpu_s = 0;
};

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// mode "core" or a TLM drive; quantum for lt.
Result measure(const aimc::Scenario& sc, const std::string& mode, double quantum_ns) {
  Result r;
  const auto wall0 = std::chrono::steady_clock::now();
  const double cpu0 = cpu_seconds();
  aimc::RunStats stats;
  if (mode == "core") {
    stats = aimc::run_scenario(sc);
  } else {
    try {
      stats = aimc::run_scenario_tlm(sc, {}, 0, nullptr, {aimc::tlm_run_mode_from_name(mode), quantum_ns});
    } catch (const std::invalid_argument&) {
      r.status = 1;
      return r;
    }
  }
  r.cpu_s = cpu_seconds() - cpu0;
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const nlohmann::json j = aimc::stats_to_json(stats, sc);
  r.requests = stats.completed_requests();
  r.gbps = j["bandwidth_GBps"].get<double>();
  double n = 0, sum = 0;  // mean over reads and writes; a direction without requests has no mean
  for (const char* key : {"read_latency", "write_latency"}) {
    const auto& l = j[key];
    const double count = l["count"].get<double>();
    if (count == 0) continue;
    n += count;
    sum += count * l["mean_ns"].get<double>();
  }
  r.latency_ns = n > 0 ? sum / n : 0.0;
  for (const auto& st : j["streams"]) {
    if (st.contains("steps")) {
      r.step_ns = st["steps"]["mean_ns"].get<double>();
      break;
    }
  }
  r.late_admissions = stats.tlm.late_admissions;
  r.early_answers = stats.tlm.early_answers;
  r.early_answer_ns = double(stats.tlm.early_answer_cycles) * sc.memspec.tCK_ps / 1000.0;
  r.held_back = stats.tlm.held_back;
  return r;
}

Result measure_in_child(const aimc::Scenario& sc, const std::string& mode, double quantum_ns) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    Result r;
    try {
      r = measure(sc, mode, quantum_ns);
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: {}\n", e.what());
      r.status = 2;
    }
    const bool sent = write(fds[1], &r, sizeof r) == ssize_t(sizeof r);
    std::fflush(stdout);
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  Result r;
  r.status = 2;
  const bool got = read(fds[0], &r, sizeof r) == ssize_t(sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got) r.status = 2;
  return r;
}

std::string percent(double value, double reference) {
  return reference > 0 ? fmt::format("{:+.1f}%", 100 * (value / reference - 1)) : "-";
}

void bench(const aimc::Scenario& sc, const std::vector<double>& quanta) {
  fmt::print("\n{} ({})\n", sc.name, aimc::to_string(sc.controller.policy));
  fmt::print("{:<11} {:>9} {:>8} {:>9} {:>9} {:>7} {:>7} {:>11} {:>10} {:>9} {:>8} {:>8} {:>8} {:>9} {:>8}\n", "mode",
             "requests", "GB/s", "mean_ns", "step_ns", "wall_s", "cpu_s", "Mreq/wall_s", "Mreq/cpu_s", "late", "dBW",
             "dLat", "dStep", "early", "early_ns");
  Result reference;
  auto row = [&](const std::string& label, const Result& r, bool compare) {
    if (r.status == 1) {
      fmt::print("{:<11} refused: this drive cannot play the workload\n", label);
      return;
    }
    if (r.status == 2) {
      fmt::print("{:<11} failed\n", label);
      return;
    }
    fmt::print("{:<11} {:>9} {:>8.1f} {:>9.1f} {:>9.1f} {:>7.2f} {:>7.2f} {:>11.3f} {:>10.3f} {:>9} {:>8} {:>8} {:>8} {:>9} {:>8}{}\n",
               label, r.requests, r.gbps, r.latency_ns, r.step_ns, r.wall_s, r.cpu_s,
               double(r.requests) / r.wall_s / 1e6, double(r.requests) / r.cpu_s / 1e6, r.late_admissions,
               compare ? percent(r.gbps, reference.gbps) : "", compare ? percent(r.latency_ns, reference.latency_ns) : "",
               compare && r.step_ns > 0 ? percent(r.step_ns, reference.step_ns) : "",
               compare ? std::to_string(r.early_answers) : "",
               compare && r.early_answers > 0 ? fmt::format("{:.1f}", r.early_answer_ns / double(r.early_answers)) : "",
               r.held_back ? fmt::format("  ({} held back)", r.held_back) : "");
  };
  row("core", measure_in_child(sc, "core", 0), false);
  reference = measure_in_child(sc, "at", 0);
  row("at", reference, false);
  row("exact", measure_in_child(sc, "exact", 0), true);
  for (double q : quanta) row(fmt::format("lt {:g}ns", q), measure_in_child(sc, "lt", q), true);
}

std::vector<double> parse_quanta(const std::string& list) {
  std::vector<double> out;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = list.find(',', start);
    out.push_back(std::stod(list.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

int sc_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<double> quanta = {10, 100, 1000, 10000};
  if (args.size() >= 2 && args[0] == "--quanta") {
    quanta = parse_quanta(args[1]);
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty()) {
    fmt::print(stderr, "usage: {0} [--quanta Q1,Q2,...] SCENARIO.yaml... | {0} [--quanta ...] --trace MEMSPEC TRACE\n",
               argv[0]);
    return 2;
  }
  fmt::print("d*: lt against at (cycle-exact, the core's figures); late: requests lt admitted behind the core's time;\n"
             "early: requests lt answered before the time it booked for them (writes), early_ns: by how much on average\n");
  if (args[0] == "--trace") {
    if (args.size() != 3) return 2;
    aimc::Scenario sc;
    sc.name = args[2].substr(args[2].find_last_of('/') + 1);
    sc.memspec = aimc::load_memspec(args[1]);
    aimc::StreamSpec t;
    t.kind = aimc::StreamKind::Trace;
    t.trace_path = args[2];
    sc.traffic.streams = {t};
    bench(sc, quanta);
    return 0;
  }
  for (const std::string& path : args) bench(aimc::load_scenario(path), quanta);
  return 0;
}
