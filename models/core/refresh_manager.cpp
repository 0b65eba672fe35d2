#include "models/core/refresh_manager.h"

namespace aimc {

RefreshManager::RefreshManager(RefreshPolicy policy, const Timing& t, int banks)
    : policy_(policy),
      interval_(Cycle(policy == RefreshPolicy::PerBank ? t.nREFIpb : t.nREFI)),
      max_postponed_(t.max_postponed_refreshes),
      banks_(banks),
      next_due_(policy == RefreshPolicy::Off ? kNever : 0) {}

void RefreshManager::advance_due(Cycle now) const {
  due_ = int64_t(now / interval_);
  next_due_ = (now / interval_ + 1) * interval_;
}

}  // namespace aimc
