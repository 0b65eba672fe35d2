#include "models/core/refresh_manager.h"

#include <algorithm>
#include <fmt/format.h>

#include "models/params/config_error.h"

namespace aimc {

int refresh_drain_cycles(const Timing& t, RefreshPolicy policy) {
  const int precharge_wait = std::max({t.nRAS, t.nRTP, t.nCWL + t.nBL + t.nWR});
  const int other_bank_wait = policy == RefreshPolicy::PerBank ? t.nRREFD : 0;
  const int power_down_exit = t.nCKE + t.nXP;  // a powered-down pseudo-channel wakes first
  return power_down_exit + precharge_wait + t.nRP + other_bank_wait + 2;
}

int refresh_urgent_owed(const MemSpec& spec, RefreshPolicy policy) {
  if (policy == RefreshPolicy::Off) return spec.t.max_postponed_refreshes;
  const bool per_bank = policy == RefreshPolicy::PerBank;
  const int interval = per_bank ? spec.t.nREFIpb : spec.t.nREFI;
  // Urgent at cycle k x interval, the refresh must go out before cycle (k + 1 + extra) x interval,
  // that is drain < (1 + extra) x interval.
  const int drain = refresh_drain_cycles(spec.t, policy);
  const int extra_intervals = drain / interval;
  const int urgent_owed = spec.t.max_postponed_refreshes - extra_intervals;
  if (urgent_owed < 1) {
    throw ConfigError(spec.source_file, 0, per_bank ? "timing.tREFIpb" : "timing.tREFI",
                      fmt::format("{} cycles ({:.3g} ns) is too short for {} refresh: draining the banks a refresh needs takes up to "
                                  "{} cycles (tRAS or write recovery, tRP{}), more than the {} intervals that "
                                  "max_postponed_refreshes = {} allows",
                                  interval, interval * spec.tCK_ps / 1000.0, per_bank ? "per-bank" : "all-bank", drain, per_bank ? ", tRREFD" : "",
                                  spec.t.max_postponed_refreshes, spec.t.max_postponed_refreshes));
  }
  return urgent_owed;
}

RefreshManager::RefreshManager(RefreshPolicy policy, const MemSpec& spec, int banks)
    : policy_(policy),
      interval_(Cycle(policy == RefreshPolicy::PerBank ? spec.t.nREFIpb : spec.t.nREFI)),
      urgent_owed_(refresh_urgent_owed(spec, policy)),
      banks_(banks),
      next_due_(policy == RefreshPolicy::Off ? kNever : 0) {}

void RefreshManager::advance_due(Cycle now) const {
  due_ = int64_t(now / interval_);
  next_due_ = (now / interval_ + 1) * interval_;
}

}  // namespace aimc
