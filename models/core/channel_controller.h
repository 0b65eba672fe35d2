// ChannelController: one HBM channel, its pseudo-channels and their shared row and column
// command buses. Each step issues at most one column and one row command (the HBM3 dual
// command interface), refresh first, then the scheduler's picks, and computes the next cycle
// at which anything can happen so idle cycles are skipped.
#pragma once

#include <memory>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/core/pseudo_channel.h"
#include "models/core/scheduler.h"
#include "models/core/timing_checker.h"

namespace aimc {

class ChannelController {
 public:
  ChannelController(int channel, const MemSpec& spec, const ControllerConfig& cfg,
                    TimingChecker& checker, ControllerListener& listener);

  bool can_accept(int pseudo_channel) const {
    return int(pcs_[pseudo_channel].queue.size()) < queue_depth_;
  }
  void enqueue(const Access& a, Cycle now);
  // Issues what is legal at `now`. Call only when now >= next_event().
  void step(Cycle now);
  Cycle next_event() const { return next_event_; }
  size_t queued() const;
  const PseudoChannel& pseudo_channel(int p) const { return pcs_[p]; }

 private:
  void update_refresh_blocking(Cycle now);
  void offer_refresh(Cycle now, BusPicks& picks) const;
  void collect(Cycle now, BusPicks& picks);
  void issue(const Candidate& c, Cycle now);

  int channel_;
  int queue_depth_;
  int banks_per_group_;
  const Timing& t_;
  TimingChecker& checker_;
  ControllerListener& listener_;
  std::unique_ptr<Scheduler> scheduler_;
  std::vector<PseudoChannel> pcs_;
  Cycle next_event_ = 0;
};

}  // namespace aimc
