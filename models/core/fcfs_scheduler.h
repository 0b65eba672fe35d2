// FcfsScheduler: each bank serves its accesses strictly in arrival order; across banks and
// pseudo-channels the oldest ready command wins. No row-hit reordering.
#pragma once

#include "models/core/scheduler.h"

namespace aimc {

class FcfsScheduler : public Scheduler {
 public:
  FcfsScheduler(const ControllerConfig& cfg, int banks_per_pc);
  void collect(const std::vector<PseudoChannel>& pcs, const TimingChecker& checker, Cycle now,
               BusPicks& picks) override;

 private:
  PagePolicy page_policy_;
  BankTally tally_;
  std::vector<char> seen_;
};

}  // namespace aimc
