// Plays one workload through the TLM controller in exact and in loosely-timed mode and prints,
// for each, bandwidth and mean latency as the initiator sees them, wall time and requests per
// wall-second, plus LT's error against exact. The workload is a trace file or a scenario's
// traffic (generated streams included), played by the TrafficInitiator sc_module.
//   aimc_bench_tlm MEMSPEC.yaml TRACE [quantum_ns=1000]
//   aimc_bench_tlm SCENARIO.yaml [quantum_ns=1000]
#include <fmt/format.h>

#include <chrono>
#include <string>

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
  initiator.socket.bind(mem.socket);
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const aimc::PlayerStats& s = initiator.stats();
  const double ns = s.last_done.to_seconds() * 1e9;
  return {double(s.bytes) / ns, s.latency_sum.to_seconds() * 1e9 / double(s.requests), wall, s.requests, s.errors};
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
  const Result exact = play(sc, aimc::TimingMode::Exact, quantum_ns);
  const Result lt = play(sc, aimc::TimingMode::LooselyTimed, quantum_ns);
  fmt::print("{:<8} {:>10} {:>14} {:>9} {:>12} {:>10}\n", "mode", "GB/s", "mean_lat_ns", "wall_s", "Mreq/wall_s", "requests");
  for (const auto& [name, r] : {std::pair{"exact", exact}, std::pair{"lt", lt}}) {
    fmt::print("{:<8} {:>10.1f} {:>14.1f} {:>9.3f} {:>12.3f} {:>10}\n", name, r.gbps, r.latency_ns, r.wall_s,
               double(r.requests) / r.wall_s / 1e6, r.requests);
  }
  fmt::print("lt error: bandwidth {:+.2f}%, mean latency {:+.2f}% (quantum {} ns)\n",
             100 * (lt.gbps / exact.gbps - 1), 100 * (lt.latency_ns / exact.latency_ns - 1), quantum_ns);
  return exact.errors + lt.errors == 0 ? 0 : 1;
}
