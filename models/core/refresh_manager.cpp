#include "models/core/refresh_manager.h"

namespace aimc {

RefreshManager::RefreshManager(RefreshPolicy policy, const Timing& t, int banks)
    : policy_(policy),
      interval_(Cycle(policy == RefreshPolicy::PerBank ? t.nREFIpb : t.nREFI)),
      max_postponed_(t.max_postponed_refreshes),
      banks_(banks) {}

int64_t RefreshManager::owed(Cycle now) const {
  if (policy_ == RefreshPolicy::Off) return 0;
  return int64_t(now / interval_) - int64_t(issued_);
}

Cycle RefreshManager::next_due(Cycle now) const {
  if (policy_ == RefreshPolicy::Off) return kNever;
  return (now / interval_ + 1) * interval_;
}

}  // namespace aimc
