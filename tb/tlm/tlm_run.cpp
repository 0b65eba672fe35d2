#include "tb/tlm/tlm_run.h"

#include "tb/tlm/traffic_initiator.h"  // <systemc> first

#include <chrono>
#include <cstdlib>
#include <memory>

#include "models/tlm/hbm_controller.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/traffic/limited_source.h"
#include "tb/traffic/scenario_traffic.h"

namespace aimc {

RunStats run_scenario_tlm(const Scenario& s, const std::vector<ControllerListener*>& listeners,
                          uint64_t max_requests, const BackendFactory& backend) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);  // the CLI prints its own report
  // A fresh kernel per run (the previous one, if any, is left to the process: SystemC cannot
  // delete a context that has run).
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;

  ScenarioTraffic traffic(s.traffic, s.memspec, s.controller);
  std::unique_ptr<LimitedSource> limited;
  RequestSource* source = &traffic;
  if (max_requests > 0) {
    limited = std::make_unique<LimitedSource>(traffic, max_requests);
    source = limited.get();
  }
  HbmController mem("mem", s.memspec, s.controller, TimingMode::Exact, backend);
  RunStatsCollector collector(s.memspec);
  mem.add_listener(&collector);
  for (ControllerListener* l : listeners) mem.add_listener(l);
  mem.set_request_observer([&collector](const CompletedRequest& r) { collector.on_request_done(r); });
  TrafficInitiator initiator("initiator", *source, false);
  initiator.set_issue_limits(issue_limits_of(s.traffic), s.memspec);
  initiator.socket.bind(mem.socket);

  const auto t0 = std::chrono::steady_clock::now();
  sc_core::sc_start();
  RunStats stats = collector.stats();
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats.stall_cycles = mem.stall_cycles();
  return stats;
}

}  // namespace aimc
