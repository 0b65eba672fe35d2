// TraceDriver: the trace front end. Feeds trace requests into a MemoryController at their
// arrival cycles (split into 32 B accesses, in order, waiting while the target queue is full),
// jumps from event to event, and collects RunStats. Other listeners (a command-trace writer)
// can be attached.
#pragma once

#include <functional>
#include <unordered_map>
#include <vector>

#include "models/core/memory_controller.h"
#include "tb/sim/run_stats.h"
#include "tb/trace/trace_reader.h"

namespace aimc {

class TraceDriver : public ControllerListener {
 public:
  // progress(fraction_done) is called a few times a second on long runs, if set.
  using Progress = std::function<void(double)>;

  TraceDriver(const MemSpec& spec, const ControllerConfig& cfg);

  void add_listener(ControllerListener* l) { listeners_.push_back(l); }
  void set_progress(Progress p) { progress_ = std::move(p); }
  // Runs the whole trace; throws ConfigError on bad trace lines and std::runtime_error when
  // the controller stops making progress (a model bug, reported instead of hanging).
  RunStats run(TraceReader& trace);
  const MemoryController& controller() const { return controller_; }

  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;

 private:
  struct InFlight {
    Cycle arrival = 0;
    int remaining = 0;
    Cycle done = 0;
    bool is_write = false;
  };
  bool offer(const TraceRequest& r, Cycle now);  // enqueues what fits; true when all of it did
  Cycle arrival_cycle(uint64_t time_ps) const;

  MemSpec spec_;
  MemoryController controller_;
  std::vector<ControllerListener*> listeners_;
  Progress progress_;
  RunStats stats_;
  std::unordered_map<uint64_t, InFlight> in_flight_;
  uint64_t next_request_id_ = 0;
  uint64_t next_access_of_request_ = 0;  // accesses of the current request already queued
};

}  // namespace aimc
