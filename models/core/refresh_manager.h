// RefreshManager: how many refreshes a pseudo-channel owes and whether they may still wait.
// Refreshes fall due every nREFI (all-bank) or nREFIpb (per-bank, banks in rotation) from
// cycle 0, the same phase on every pseudo-channel. At most max_postponed_refreshes are ever owed
// (the JEDEC postponement allowance): once that many are, the refresh is urgent, and the
// pseudo-channel (all-bank) or the target bank (per-bank) takes no new work until it is paid,
// well before the next one falls due. So no two refreshes are more than
// (max_postponed_refreshes + 1) intervals apart. An idle pseudo-channel pays early (under
// ai_aware's refresh_preempts_best_effort also one holding only best effort, and under
// refresh_after_kv_quiet_ns one whose KV reads paused: ChannelController).
#pragma once

#include "models/core/command.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"

namespace aimc {

class RefreshManager {
 public:
  RefreshManager(RefreshPolicy policy, const Timing& t, int banks);

  RefreshPolicy policy() const { return policy_; }
  int64_t owed(Cycle now) const {
    if (now >= next_due_) advance_due(now);
    return due_ - int64_t(issued_);
  }
  bool urgent(Cycle now) const { return owed(now) >= max_postponed_; }  // the loader requires max_postponed_ >= 1
  int target_bank() const { return int(issued_ % uint64_t(banks_)); }  // per-bank only
  // Cycle at which the next refresh falls due (kNever when refresh is off).
  Cycle next_due(Cycle now) const {
    if (now >= next_due_) advance_due(now);
    return next_due_;
  }
  void on_refresh_issued() { ++issued_; }
  uint64_t issued() const { return issued_; }

 private:
  RefreshPolicy policy_;
  Cycle interval_;
  int64_t max_postponed_;
  int banks_;
  uint64_t issued_ = 0;
  // Refreshes fallen due by next_due_ - interval_, cached so the hot path divides only when a
  // new interval starts.
  void advance_due(Cycle now) const;
  mutable int64_t due_ = 0;
  mutable Cycle next_due_ = 0;
};


}  // namespace aimc
