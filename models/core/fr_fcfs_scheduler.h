// FrFcfsScheduler: first-ready, first-come first-served. Column commands to open rows (row
// hits) go oldest-ready first; a row is not closed while queued hits wait for it, unless the
// bank has already served row_hit_cap hits since its ACT while a conflicting access waits
// (then further hits are held and the PRE goes ahead): no access starves behind a hit stream.
#pragma once

#include "models/core/scheduler.h"

namespace aimc {

class FrFcfsScheduler : public Scheduler {
 public:
  FrFcfsScheduler(const ControllerConfig& cfg, int banks_per_pc);
  void collect(const std::vector<PseudoChannel>& pcs, const TimingChecker& checker, Cycle now,
               BusPicks& picks) override;

 private:
  PagePolicy page_policy_;
  int row_hit_cap_;
  BankTally tally_;
  // Per bank: which candidate kinds were already offered this pass. Older accesses of the same
  // bank and kind have the same ready cycle and win on age, so younger ones need no look-up.
  std::vector<uint8_t> offered_;
};

}  // namespace aimc
