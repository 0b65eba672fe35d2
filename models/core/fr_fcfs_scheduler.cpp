#include "models/core/fr_fcfs_scheduler.h"

namespace aimc {

void FrFcfsScheduler::bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle /*now*/) const {
  const BankState& b = pc.banks[size_t(bank)];
  int n = 0;
  if (!b.open) {  // the oldest access opens its row (it never waits: nothing older in its bank)
    const int oldest = queue.slots.front();
    queue.candidates[n++] = {Command::ACT, oldest, pc.access(oldest).seq, 0};
    queue.num_candidates = n;
    return;
  }
  int hits = 0, first_read_hit = -1, first_write_hit = -1, first_conflict = -1;
  const bool conflicts_queued = queue.open_row_accesses < int(queue.slots.size());
  const bool writes_queued = queue.writes > 0;
  for (int s : queue.slots) {  // oldest first
    const Access& a = pc.access(s);
    if (a.waits_for > 0) continue;
    if (a.addr.row != b.row) {
      if (first_conflict < 0) first_conflict = s;
    } else {
      ++hits;
      int& first = a.is_write ? first_write_hit : first_read_hit;
      if (first < 0) first = s;
    }
    // The rest of the queue cannot change the candidates: each kind is found or none is
    // queued, and the column command needs only to know that another hit waits (closed page).
    if (hits >= 2 && first_read_hit >= 0 && (first_conflict >= 0 || !conflicts_queued) &&
        (first_write_hit >= 0 || !writes_queued)) {
      break;
    }
  }
  const bool capped = first_conflict >= 0 && b.hits_served >= row_hit_cap_;
  if (!capped) {
    for (int s : {first_read_hit, first_write_hit}) {
      if (s >= 0) queue.candidates[n++] = {column_command(pc.access(s), page_policy_, hits), s, pc.access(s).seq, 0};
    }
  }
  if (first_conflict >= 0 && (hits == 0 || capped)) {
    queue.candidates[n++] = {Command::PRE, first_conflict, pc.access(first_conflict).seq, 0};
  }
  queue.num_candidates = n;
}

}  // namespace aimc
