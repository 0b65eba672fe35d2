#include "tb/tlm/tlm_run.h"

#include "models/params/config_error.h"

#include "tb/tlm/traffic_initiator.h"  // <systemc> first

#include <tlm_utils/tlm_quantumkeeper.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "models/tlm/hbm_controller.h"
#include "models/tlm/process_errors.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/traffic/limited_source.h"
#include "tb/traffic/progress_source.h"
#include "tb/traffic/scenario_traffic.h"

namespace aimc {

std::string to_string(TlmRunMode m) {
  switch (m) {
    case TlmRunMode::At: return "at";
    case TlmRunMode::Exact: return "exact";
    case TlmRunMode::LooselyTimed: return "lt";
  }
  return "?";
}

TlmRunMode tlm_run_mode_from_name(const std::string& name) {
  if (name == "at") return TlmRunMode::At;
  if (name == "exact") return TlmRunMode::Exact;
  if (name == "lt") return TlmRunMode::LooselyTimed;
  throw std::invalid_argument("unknown TLM mode '" + name + "' (at, exact, lt)");
}

// A fresh SystemC kernel, made current. Its only allocation is the context, which SystemC
// cannot delete once it has run: the sanitizer job suppresses this function by name
// (tools/sanitizers/lsan.supp), so keep anything else out of it.
__attribute__((noinline)) void make_fresh_simcontext() {
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
}

RunStats run_scenario_tlm(const Scenario& s, const std::vector<ControllerListener*>& listeners,
                          uint64_t max_requests, const BackendFactory& backend, const TlmRunOptions& options,
                          const std::function<void(double)>& progress) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);  // the CLI prints its own report
  // A fresh kernel per run (the previous one, if any, is left to the process: SystemC cannot
  // delete a context that has run).
  make_fresh_simcontext();
  const bool lt = options.mode == TlmRunMode::LooselyTimed;
  if (lt && s.controller.power_down_after_ns > 0) {
    throw ConfigError(s.address_map_origin, 0, "controller.power_down_after_ns",
                      "lt mode does not model power-down; run the exact mode, or set it to 0");
  }
  tlm_utils::tlm_quantumkeeper::set_global_quantum(
      lt ? sc_core::sc_time(options.quantum_ns, sc_core::SC_NS) : sc_core::SC_ZERO_TIME);

  ScenarioTraffic traffic(s.traffic, s.memspec, s.controller);
  std::unique_ptr<LimitedSource> limited;
  RequestSource* source = &traffic;
  if (max_requests > 0) {
    limited = std::make_unique<LimitedSource>(traffic, max_requests);
    source = limited.get();
  }
  std::unique_ptr<ProgressSource> reporting;
  if (progress) {
    reporting = std::make_unique<ProgressSource>(*source, progress);
    source = reporting.get();
  }
  HbmController mem("mem", s.memspec, s.controller, lt ? TimingMode::LooselyTimed : TimingMode::Exact, backend);
  RunStatsCollector collector(s.memspec);
  for (uint32_t id : llm_stream_ids(s.traffic)) collector.profile_groups_of(id);
  mem.add_listener(&collector);
  for (ControllerListener* l : listeners) mem.add_listener(l);
  mem.set_request_observer([&collector, &listeners](const CompletedRequest& r) {
    collector.on_request_done(r);
    for (ControllerListener* l : listeners) l->on_request_done(r);
  });
  const InitiatorTransport transport = options.mode == TlmRunMode::At      ? InitiatorTransport::NonBlocking
                                       : options.mode == TlmRunMode::Exact ? InitiatorTransport::Blocking
                                                                           : InitiatorTransport::Decoupled;
  TrafficInitiator initiator("initiator", *source, transport);
  initiator.set_issue_limits(issue_limits_of(s.traffic), s.memspec);
  initiator.connect(mem.socket);

  const auto t0 = std::chrono::steady_clock::now();
  {
    // A process's exception (a scenario error found mid-run) reaches the caller as itself.
    ProcessErrorTrap trap;
    sc_core::sc_start();
    trap.rethrow_if_caught();
  }
  mem.drain_loosely_timed();
  RunStats stats = collector.stats();
  stats.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stats.stall_cycles = mem.stall_cycles();
  stats.tlm.mode = to_string(options.mode);
  stats.tlm.quantum_ns = lt ? options.quantum_ns : 0;
  stats.tlm.late_admissions = mem.late_admissions();
  stats.tlm.late_cycles = mem.late_cycles();
  stats.tlm.early_answers = mem.early_answers();
  stats.tlm.early_answer_cycles = mem.early_answer_cycles();
  stats.tlm.held_back = initiator.held_back();
  if (limited && limited->cut()) stats.truncated_after = max_requests;
  if (const LtTimingModel* lt_model = mem.lt_model()) {
    // lt books commands without issuing them: its counts stand in for the command stream's.
    const LtTimingModel::Counters& c = lt_model->counters();
    stats.commands[index_of(Command::ACT)] = c.act;
    stats.commands[index_of(Command::PRE)] = c.pre;
    stats.commands[index_of(Command::RD)] = c.reads;
    stats.commands[index_of(Command::WR)] = c.writes;
    const Command refresh = s.controller.refresh == RefreshPolicy::PerBank ? Command::REFpb : Command::REFab;
    stats.commands[index_of(refresh)] = c.refresh;
  }
  return stats;
}

}  // namespace aimc
