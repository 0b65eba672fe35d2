// TraceDriver: plays a trace into a controller backend (the C++ MemoryController by default,
// or the Verilated RTL) through the shared RequestFrontEnd, jumping from event to event, and
// collects RunStats. Other listeners (a command-trace writer, the protocol checker) can be
// attached.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "models/core/memory_controller.h"
#include "models/core/request_front_end.h"
#include "tb/sim/run_stats.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/traffic/issue_gate.h"
#include "tb/traffic/request_source.h"

namespace aimc {

class TraceDriver : public ControllerListener {
 public:
  // progress(fraction_done) is called a few times a second on long runs, if set.
  using Progress = std::function<void(double)>;

  // Makes the backend the driver runs; it reports to the listener it is given.
  using BackendFactory = aimc::BackendFactory;

  // Without a factory, the C++ MemoryController.
  TraceDriver(const MemSpec& spec, const ControllerConfig& cfg, const BackendFactory& backend = nullptr);

  void add_listener(ControllerListener* l) { listeners_.push_back(l); }
  void set_progress(Progress p) { progress_ = std::move(p); }
  // Streams with issue limits (outstanding limit, step barrier) go through an IssueGate: a
  // request is issued when the gate lets it, and that cycle is its arrival.
  void set_issue_limits(std::vector<IssueLimits> limits);
  // See RunStatsCollector::profile_groups_of.
  void profile_groups_of(uint32_t stream_id) { collector_.profile_groups_of(stream_id); }
  // Runs the whole trace; throws ConfigError on bad trace lines and std::runtime_error when
  // the controller stops making progress (a model bug, reported instead of hanging).
  RunStats run(RequestSource& source);
  const ControllerBackend& controller() const { return *controller_; }

  void on_access_queued(const Access& a, Cycle now) override;
  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;
  void on_read_data(const Access& a, const BurstData& data, Cycle cycle) override;

 private:
  Cycle arrival_cycle(uint64_t time_ps) const;
  bool gated(const TraceRequest& r) const { return gate_ && gate_->gated(r.stream_id); }

  MemSpec spec_;
  bool read_modify_write_;
  std::unique_ptr<ControllerBackend> controller_;
  RequestFrontEnd front_end_;
  std::unique_ptr<IssueGate> gate_;  // null: every request arrives at its own time
  RunStatsCollector collector_;
  std::vector<ControllerListener*> listeners_;
  Progress progress_;
};

}  // namespace aimc
