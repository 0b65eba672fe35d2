// Speed of the three controllers on the same traffic: the TLM model in exact mode (SystemC,
// TrafficInitiator), the C++ core alone (trace driver), and the Verilated RTL (16 channels
// clocked every cycle, through the same trace driver; on one thread, and on one per core as
// `aimc run` does). Prints each one's wall time and requests per wall-second, and the ratios
// over the single-threaded RTL (issue 5: TLM exact >= 100x RTL).
//   aimc_bench_rtl SCENARIO.yaml [max_requests=3000]
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <string>

#include "models/tlm/hbm_controller.h"
#include "tb/tlm/traffic_initiator.h"  // includes <systemc> first
#include "tb/rtl/rtl_controller.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/usable_cpus.h"
#include "tb/traffic/limited_source.h"
#include "tb/traffic/scenario_traffic.h"

namespace {

struct Result {
  double wall_s;
  uint64_t requests;
};

Result tlm_exact(const aimc::Scenario& sc, uint64_t max_requests) {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  aimc::ScenarioTraffic traffic(sc.traffic, sc.memspec, sc.controller);
  aimc::LimitedSource limited(traffic, max_requests);
  aimc::HbmController mem("mem", sc.memspec, sc.controller, aimc::TimingMode::Exact);
  aimc::TrafficInitiator initiator("initiator", limited, false);
  initiator.set_issue_limits(aimc::issue_limits_of(sc.traffic), sc.memspec);  // closed-loop streams, as aimc run
  initiator.socket.bind(mem.socket);
  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), initiator.stats().requests};
}

Result driver(const aimc::Scenario& sc, uint64_t max_requests, const aimc::TraceDriver::BackendFactory& backend) {
  const aimc::RunStats st = aimc::run_scenario(sc, {}, nullptr, backend, max_requests);
  return {st.wall_s, st.completed_requests()};
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} SCENARIO.yaml [max_requests]\n", argv[0]);
    return 2;
  }
  const aimc::Scenario sc = aimc::load_scenario(argv[1]);
  const uint64_t max_requests = argc > 2 ? std::stoull(argv[2]) : 3000;
  auto rtl_on = [&](int threads) {
    return driver(sc, max_requests, [threads](const aimc::MemSpec& m, const aimc::ControllerConfig& c,
                                              aimc::ControllerListener& l) {
      return std::make_unique<aimc::RtlController>(m, c, l, "bench", threads);
    });
  };
  const Result rtl = rtl_on(1);
  const int cores = aimc::usable_cpus();
  const Result rtl_threads = rtl_on(cores);  // aimc run's default: the channels over every core
  const Result core = driver(sc, max_requests, nullptr);
  const Result tlm = tlm_exact(sc, max_requests);
  fmt::print("{} ({}), first {} requests\n", sc.name, aimc::to_string(sc.controller.policy), max_requests);
  fmt::print("{:<10} {:>9} {:>14} {:>10}\n", "backend", "wall_s", "kreq/wall_s", "x RTL");
  const std::string threaded = fmt::format("rtl_{}thr", cores);
  for (const auto& [name, r] : {std::pair{std::string("rtl"), rtl}, std::pair{threaded, rtl_threads},
                                std::pair{std::string("tlm_exact"), tlm}, std::pair{std::string("core"), core}}) {
    fmt::print("{:<10} {:>9.3f} {:>14.1f} {:>10.1f}\n", name, r.wall_s, double(r.requests) / r.wall_s / 1e3,
               rtl.wall_s / r.wall_s);
  }
  const bool same = rtl.requests == core.requests && rtl_threads.requests == core.requests && tlm.requests == core.requests;
  return same ? 0 : 1;
}
