#include "models/core/fcfs_scheduler.h"

#include <algorithm>

namespace aimc {

FcfsScheduler::FcfsScheduler(const ControllerConfig& cfg, int banks_per_pc)
    : page_policy_(cfg.page_policy), tally_(banks_per_pc), seen_(size_t(banks_per_pc)) {}

void FcfsScheduler::collect(const std::vector<PseudoChannel>& pcs, const TimingChecker& checker,
                            Cycle now, BusPicks& picks) {
  for (int p = 0; p < int(pcs.size()); ++p) {
    const PseudoChannel& pc = pcs[p];
    if (pc.queue.empty()) continue;
    tally_.count(pc);
    std::fill(seen_.begin(), seen_.end(), 0);
    for (int i = 0; i < int(pc.queue.size()); ++i) {
      const Access& a = pc.queue[i];
      if (seen_[a.bank_id]) continue;  // only the oldest access of each bank may proceed
      seen_[a.bank_id] = 1;
      if (pc.blocked(a.bank_id)) continue;
      const BankState& b = pc.banks[a.bank_id];
      Command cmd = Command::ACT;
      if (b.open && b.row == a.addr.row) {
        cmd = column_command(a, page_policy_, tally_.hits(a.bank_id));
      } else if (b.open) {
        cmd = Command::PRE;
      }
      picks.consider({true, cmd, p, i, a.seq, checker.earliest(cmd, a.addr)}, now);
    }
  }
}

}  // namespace aimc
