#include "models/core/scheduler.h"

#include "models/core/ai_aware_scheduler.h"
#include "models/core/fcfs_scheduler.h"
#include "models/core/fr_fcfs_scheduler.h"

namespace aimc {

Command column_command(const Access& a, PagePolicy policy, int queued_hits_to_row) {
  const bool auto_pre = policy == PagePolicy::Closed && queued_hits_to_row <= 1;
  if (a.is_write) return auto_pre ? Command::WRA : Command::WR;
  return auto_pre ? Command::RDA : Command::RD;
}

std::unique_ptr<Scheduler> make_scheduler(const ControllerConfig& cfg, double tCK_ps) {
  switch (cfg.policy) {
    case SchedulerPolicy::Fcfs: return std::make_unique<FcfsScheduler>(cfg);
    case SchedulerPolicy::FrFcfs: return std::make_unique<FrFcfsScheduler>(cfg);
    case SchedulerPolicy::AiAware: return std::make_unique<AiAwareScheduler>(cfg, tCK_ps);
  }
  return nullptr;
}

}  // namespace aimc
