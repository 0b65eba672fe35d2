// RefreshManager: how many refreshes a pseudo-channel owes and whether they may still wait.
// Refreshes fall due every nREFI (all-bank) or nREFIpb (per-bank, banks in rotation) from
// cycle 0, the same phase on every pseudo-channel. At most max_postponed_refreshes are ever owed
// (the JEDEC postponement allowance). A refresh turns urgent at urgent_owed (refresh_urgent_owed
// below), and the pseudo-channel (all-bank) or the target bank (per-bank) takes no new work
// until it is paid, before one more falls due. So no two refreshes are more than
// (max_postponed_refreshes + 1) intervals apart. An idle pseudo-channel pays early (under
// ai_aware's refresh_preempts_best_effort also one holding only best effort, and under
// refresh_after_kv_quiet_ns one whose KV reads paused: ChannelController).
#pragma once

#include "models/core/command.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"

namespace aimc {

// Cycles from the moment a refresh turns urgent until it can go out, at worst. A powered-down
// pseudo-channel may have just entered power-down (it stays tCKE, then waits tXP); the banks it
// needs may have just been activated or written: their precharge waits tRAS, tRTP or write
// latency + burst + tWR; the refresh then waits tRP, and a per-bank one tRREFD after the last
// ACT to another bank. Two cycles cover losing the row bus to the other pseudo-channel for
// the precharge and for the refresh.
int refresh_drain_cycles(const Timing& t, RefreshPolicy policy);

// The refreshes owed at which one turns urgent. It is max_postponed_refreshes when the drain
// fits in one interval (every shipped part), and one less for each further interval it needs,
// so the refresh is paid before more than max_postponed_refreshes are owed. Throws ConfigError
// (naming the memspec's interval field) when no threshold can promise that.
int refresh_urgent_owed(const MemSpec& spec, RefreshPolicy policy);

class RefreshManager {
 public:
  RefreshManager(RefreshPolicy policy, const MemSpec& spec, int banks);

  RefreshPolicy policy() const { return policy_; }
  int64_t owed(Cycle now) const {
    if (now >= next_due_) advance_due(now);
    return due_ - int64_t(issued_);
  }
  bool urgent(Cycle now) const { return owed(now) >= urgent_owed_; }
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
  int64_t urgent_owed_;
  int banks_;
  uint64_t issued_ = 0;
  // Refreshes fallen due by next_due_ - interval_, cached so the hot path divides only when a
  // new interval starts.
  void advance_due(Cycle now) const;
  mutable int64_t due_ = 0;
  mutable Cycle next_due_ = 0;
};


}  // namespace aimc
