// FcfsScheduler: each bank serves its accesses strictly in arrival order (only the oldest
// access of a bank is a candidate); across banks the oldest ready command wins.
#pragma once

#include "models/core/scheduler.h"

namespace aimc {

class FcfsScheduler : public Scheduler {
 public:
  explicit FcfsScheduler(const ControllerConfig& cfg) : page_policy_(cfg.page_policy) {}
  void bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle now) const override;

 private:
  PagePolicy page_policy_;
};

}  // namespace aimc
