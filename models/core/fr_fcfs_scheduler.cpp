#include "models/core/fr_fcfs_scheduler.h"

#include <algorithm>

namespace aimc {
namespace {
constexpr uint8_t kOfferedRead = 1, kOfferedWrite = 2, kOfferedRow = 4;
}

FrFcfsScheduler::FrFcfsScheduler(const ControllerConfig& cfg, int banks_per_pc)
    : page_policy_(cfg.page_policy),
      row_hit_cap_(cfg.row_hit_cap),
      tally_(banks_per_pc),
      offered_(size_t(banks_per_pc)) {}

void FrFcfsScheduler::collect(const std::vector<PseudoChannel>& pcs, const TimingChecker& checker,
                              Cycle now, BusPicks& picks) {
  for (int p = 0; p < int(pcs.size()); ++p) {
    const PseudoChannel& pc = pcs[p];
    if (pc.queue.empty()) continue;
    tally_.count(pc);
    std::fill(offered_.begin(), offered_.end(), 0);
    for (int i = 0; i < int(pc.queue.size()); ++i) {
      const Access& a = pc.queue[i];
      const int bank = a.bank_id;
      if (pc.blocked(bank)) continue;
      const BankState& b = pc.banks[bank];
      const bool capped = tally_.conflict(bank) && b.hits_served >= row_hit_cap_;
      Command cmd = Command::ACT;
      uint8_t kind = kOfferedRow;
      if (b.open && b.row == a.addr.row) {
        if (capped) continue;  // the waiting conflict goes first
        cmd = column_command(a, page_policy_, tally_.hits(bank));
        kind = a.is_write ? kOfferedWrite : kOfferedRead;
      } else if (b.open) {
        if (tally_.hits(bank) > 0 && !capped) continue;  // keep the row for its hits
        cmd = Command::PRE;
      }
      // Closed page: auto-precharge depends on the hit count, equal for all hits of one bank.
      if (offered_[bank] & kind) continue;
      offered_[bank] |= kind;
      picks.consider({true, cmd, p, i, a.seq, checker.earliest(cmd, a.addr)}, now);
    }
  }
}

}  // namespace aimc
