#include "models/core/fcfs_scheduler.h"

namespace aimc {

void FcfsScheduler::bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle /*now*/) const {
  const BankState& b = pc.banks[size_t(bank)];
  const int oldest = queue.slots.front();  // never waits: nothing older in its bank
  const Access& a = pc.access(oldest);
  Command cmd = Command::ACT;
  if (b.open && b.row == a.addr.row) {
    int hits = 0;
    for (int s : queue.slots) hits += pc.access(s).addr.row == b.row && pc.access(s).waits_for == 0 ? 1 : 0;
    cmd = column_command(a, page_policy_, hits);
  } else if (b.open) {
    cmd = Command::PRE;
  }
  queue.candidates[0] = {cmd, oldest, a.seq, 0};
  queue.num_candidates = 1;
}

}  // namespace aimc
