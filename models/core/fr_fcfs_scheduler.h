// FrFcfsScheduler: first-ready, first-come first-served. Row hits are served oldest-ready
// first; a row is not closed while queued hits wait for it, unless the bank has served
// row_hit_cap hits since its ACT while a conflicting access waits: then further hits are held
// and the PRE goes ahead, so no access starves behind a stream of hits.
#pragma once

#include "models/core/scheduler.h"

namespace aimc {

class FrFcfsScheduler : public Scheduler {
 public:
  explicit FrFcfsScheduler(const ControllerConfig& cfg)
      : page_policy_(cfg.page_policy), row_hit_cap_(cfg.row_hit_cap) {}
  void bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle now) const override;

 private:
  PagePolicy page_policy_;
  int row_hit_cap_;
};

}  // namespace aimc
