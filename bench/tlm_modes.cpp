// Plays one trace through the TLM controller in exact and in loosely-timed mode and prints,
// for each, bandwidth and mean latency as the initiator sees them, wall time and requests per
// wall-second, plus LT's error against exact.
//   aimc_bench_tlm MEMSPEC.yaml TRACE [quantum_ns=1000]
#include <fmt/format.h>

#include <chrono>
#include <string>

#include "models/tlm/hbm_controller.h"
#include "tb/tlm/trace_player.h"  // includes <systemc> first

#include <tlm_utils/tlm_quantumkeeper.h>

namespace {

struct Result {
  double gbps, latency_ns, wall_s;
  uint64_t requests, errors;
};

Result play(const aimc::MemSpec& spec, const std::string& trace_path, aimc::TimingMode mode, double quantum_ns) {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(quantum_ns, sc_core::SC_NS));
  aimc::TraceReader trace(trace_path, aimc::TraceFormat::Native, spec.tCK_ps, spec.org.capacity_bytes());
  aimc::HbmController mem("mem", spec, aimc::ControllerConfig{}, mode);
  aimc::TracePlayer player("player", trace, mode == aimc::TimingMode::LooselyTimed);
  player.socket.bind(mem.socket);
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const aimc::PlayerStats& s = player.stats();
  const double ns = s.last_done.to_seconds() * 1e9;
  return {double(s.bytes) / ns, s.latency_sum.to_seconds() * 1e9 / double(s.requests), wall, s.requests, s.errors};
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: {} MEMSPEC.yaml TRACE [quantum_ns]\n", argv[0]);
    return 2;
  }
  const aimc::MemSpec spec = aimc::load_memspec(argv[1]);
  const double quantum_ns = argc > 3 ? std::stod(argv[3]) : 1000.0;
  const Result exact = play(spec, argv[2], aimc::TimingMode::Exact, quantum_ns);
  const Result lt = play(spec, argv[2], aimc::TimingMode::LooselyTimed, quantum_ns);
  fmt::print("{:<8} {:>10} {:>14} {:>9} {:>12}\n", "mode", "GB/s", "mean_lat_ns", "wall_s", "Mreq/wall_s");
  for (const auto& [name, r] : {std::pair{"exact", exact}, std::pair{"lt", lt}}) {
    fmt::print("{:<8} {:>10.1f} {:>14.1f} {:>9.3f} {:>12.3f}\n", name, r.gbps, r.latency_ns, r.wall_s,
               double(r.requests) / r.wall_s / 1e6);
  }
  fmt::print("lt error: bandwidth {:+.2f}%, mean latency {:+.2f}% (quantum {} ns)\n",
             100 * (lt.gbps / exact.gbps - 1), 100 * (lt.latency_ns / exact.latency_ns - 1), quantum_ns);
  return exact.errors + lt.errors == 0 ? 0 : 1;
}
