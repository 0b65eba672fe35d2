#include "models/core/scheduler.h"

#include "models/core/fcfs_scheduler.h"
#include "models/core/fr_fcfs_scheduler.h"

namespace aimc {

void BankTally::count(const PseudoChannel& pc) {
  std::fill(hits_.begin(), hits_.end(), 0);
  std::fill(conflict_.begin(), conflict_.end(), 0);
  for (const Access& a : pc.queue) {
    const BankState& b = pc.banks[a.bank_id];
    if (!b.open) continue;
    if (b.row == a.addr.row) {
      ++hits_[a.bank_id];
    } else {
      conflict_[a.bank_id] = 1;
    }
  }
}

Command column_command(const Access& a, PagePolicy policy, int queued_hits_to_row) {
  const bool auto_pre = policy == PagePolicy::Closed && queued_hits_to_row <= 1;
  if (a.is_write) return auto_pre ? Command::WRA : Command::WR;
  return auto_pre ? Command::RDA : Command::RD;
}

std::unique_ptr<Scheduler> make_scheduler(const ControllerConfig& cfg, int banks_per_pc) {
  switch (cfg.policy) {
    case SchedulerPolicy::Fcfs: return std::make_unique<FcfsScheduler>(cfg, banks_per_pc);
    case SchedulerPolicy::FrFcfs: return std::make_unique<FrFcfsScheduler>(cfg, banks_per_pc);
  }
  return nullptr;
}

}  // namespace aimc
