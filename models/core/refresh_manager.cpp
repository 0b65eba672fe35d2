#include "models/core/refresh_manager.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
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
    // Name the field at fault: a term of the drain longer than a whole all-bank interval on its
    // own (a mistyped tXP, say), else the interval.
    const std::pair<const char*, int> terms[] = {{"CKE", spec.t.nCKE}, {"XP", spec.t.nXP},   {"RAS", spec.t.nRAS},
                                                 {"RTP", spec.t.nRTP}, {"CWL", spec.t.nCWL}, {"WR", spec.t.nWR},
                                                 {"RP", spec.t.nRP},   {"RREFD", per_bank ? spec.t.nRREFD : 0}};
    const auto longest = *std::max_element(std::begin(terms), std::end(terms),
                                           [](const auto& a, const auto& b) { return a.second < b.second; });
    const bool term_at_fault = longest.second > spec.t.nREFI;
    const char* kind = per_bank ? "per-bank" : "all-bank";
    const std::string what =
        term_at_fault ? fmt::format("{} cycles is too long for {} refresh", longest.second, kind)
                      : fmt::format("{} cycles ({:.3g} ns) is too short for {} refresh", interval,
                                    interval * spec.tCK_ps / 1000.0, kind);
    const MemSpec::FieldAt at = spec.timing_field(term_at_fault ? longest.first : per_bank ? "REFIpb" : "REFI");
    throw ConfigError(at.file, at.line, at.field,
                      fmt::format("{}: draining the banks a refresh needs takes up to {} cycles (tCKE {} + tXP {}, then "
                                  "the longest of tRAS {}, tRTP {}, write recovery {}, then tRP {}{}), more than the {} "
                                  "refresh intervals of {} cycles that max_postponed_refreshes allows",
                                  what, drain, spec.t.nCKE, spec.t.nXP, spec.t.nRAS, spec.t.nRTP,
                                  spec.t.nCWL + spec.t.nBL + spec.t.nWR, spec.t.nRP,
                                  per_bank ? fmt::format(", tRREFD {}", spec.t.nRREFD) : "",
                                  spec.t.max_postponed_refreshes, interval));
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
