// Plays one workload through the TLM controller in exact and in loosely-timed mode and prints,
// for each, bandwidth and mean latency as the initiator sees them, wall time and requests per
// wall-second, plus LT's error against exact. The workload is a trace file or a scenario's
// traffic (generated streams included), played by the TrafficInitiator sc_module.
//   aimc_bench_tlm MEMSPEC.yaml TRACE [quantum_ns=1000]
//   aimc_bench_tlm SCENARIO.yaml [quantum_ns=1000]
// A scenario with closed-loop streams runs in exact mode only (the initiator refuses LT for them).
#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/tlm/hbm_controller.h"
#include "tb/tlm/traffic_initiator.h"  // includes <systemc> first
#include "tb/traffic/scenario_traffic.h"

#include <tlm_utils/tlm_quantumkeeper.h>

namespace {

struct Result {
  double gbps, latency_ns, wall_s;
  uint64_t requests, errors;
};

Result play(const aimc::Scenario& sc, aimc::TimingMode mode, double quantum_ns) {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(quantum_ns, sc_core::SC_NS));
  aimc::ScenarioTraffic traffic(sc.traffic, sc.memspec, sc.controller);
  aimc::HbmController mem("mem", sc.memspec, sc.controller, mode);
  aimc::TrafficInitiator initiator("initiator", traffic, mode == aimc::TimingMode::LooselyTimed);
  initiator.set_issue_limits(aimc::issue_limits_of(sc.traffic), sc.memspec);  // closed-loop streams, as aimc run
  initiator.socket.bind(mem.socket);
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const aimc::PlayerStats& s = initiator.stats();
  const double ns = s.last_done.to_seconds() * 1e9;
  return {double(s.bytes) / ns, s.latency_sum.to_seconds() * 1e9 / double(s.requests), wall, s.requests, s.errors};
}

// Runs play() in a child process and returns its result. SystemC never frees a finished
// simulation's thread stacks, and the TrafficInitiator's workers of one large scenario already
// use half of the kernel's mapping limit (vm.max_map_count): a second run in the same process
// failed to allocate its stacks (E518).
Result play_in_child(const aimc::Scenario& sc, aimc::TimingMode mode, double quantum_ns) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    int code = 1;
    try {
      const Result r = play(sc, mode, quantum_ns);
      code = write(fds[1], &r, sizeof r) == ssize_t(sizeof r) ? 0 : 1;
    } catch (const std::exception& e) {
      fmt::print(stderr, "error: {}\n", e.what());
    }
    std::fflush(stdout);
    _exit(code);
  }
  close(fds[1]);
  Result r{};
  const bool got = read(fds[0], &r, sizeof r) == ssize_t(sizeof r);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(std::string(mode == aimc::TimingMode::Exact ? "exact" : "lt") + " run failed");
  }
  return r;
}

bool is_number(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos; }

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} MEMSPEC.yaml TRACE [quantum_ns] | {} SCENARIO.yaml [quantum_ns]\n", argv[0], argv[0]);
    return 2;
  }
  aimc::Scenario sc;
  int next = 2;
  if (argc > 2 && !is_number(argv[2])) {  // memspec + trace
    sc.name = argv[2];
    sc.memspec = aimc::load_memspec(argv[1]);
    aimc::StreamSpec t;
    t.kind = aimc::StreamKind::Trace;
    t.trace_path = argv[2];
    sc.traffic.streams = {t};
    next = 3;
  } else {
    sc = aimc::load_scenario(argv[1]);
  }
  const double quantum_ns = argc > next ? std::stod(argv[next]) : 1000.0;
  const Result exact = play_in_child(sc, aimc::TimingMode::Exact, quantum_ns);
  const std::vector<aimc::IssueLimits> limits = aimc::issue_limits_of(sc.traffic);
  const bool closed_loop = std::any_of(limits.begin(), limits.end(), [](const aimc::IssueLimits& l) { return l.any(); });
  fmt::print("{:<8} {:>10} {:>14} {:>9} {:>12} {:>10}\n", "mode", "GB/s", "mean_lat_ns", "wall_s", "Mreq/wall_s", "requests");
  auto print = [](const char* name, const Result& r) {
    fmt::print("{:<8} {:>10.1f} {:>14.1f} {:>9.3f} {:>12.3f} {:>10}\n", name, r.gbps, r.latency_ns, r.wall_s,
               double(r.requests) / r.wall_s / 1e6, r.requests);
  };
  print("exact", exact);
  if (closed_loop) {
    // The TrafficInitiator refuses it: not exact for streams that wait on completions.
    fmt::print("lt       not run: closed-loop streams need exact mode (docs/timing-model.md)\n");
    return exact.errors == 0 ? 0 : 1;
  }
  const Result lt = play_in_child(sc, aimc::TimingMode::LooselyTimed, quantum_ns);
  print("lt", lt);
  fmt::print("lt error: bandwidth {:+.2f}%, mean latency {:+.2f}% (quantum {} ns)\n",
             100 * (lt.gbps / exact.gbps - 1), 100 * (lt.latency_ns / exact.latency_ns - 1), quantum_ns);
  return exact.errors + lt.errors == 0 ? 0 : 1;
}
