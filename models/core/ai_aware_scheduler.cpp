#include "models/core/ai_aware_scheduler.h"

#include <algorithm>

#include "models/params/memspec.h"

namespace aimc {

AiAwareScheduler::AiAwareScheduler(const ControllerConfig& cfg, double tCK_ps)
    : cfg_(cfg.ai_aware),
      page_policy_(cfg.page_policy),
      row_hit_cap_(cfg.row_hit_cap),
      age_limit_(cycles_covering(cfg.ai_aware.age_limit_ns, tCK_ps)),
      write_high_(std::min(cfg.ai_aware.write_high, cfg.queue_depth)),
      write_low_(std::min(cfg.ai_aware.write_low, cfg.queue_depth - 1)),
      preempt_after_(cycles_covering(cfg.ai_aware.preempt_after_ns, tCK_ps)),
      row_hold_(cycles_covering(cfg.ai_aware.best_effort_row_hold_ns, tCK_ps)) {}

uint64_t AiAwareScheduler::key(const Access& a, Cycle now, bool draining) const {
  const uint64_t seq = a.seq & kSeqMask;
  if (now - a.arrival >= age_limit_) return seq;  // tier 0, rank 0: oldest first
  const uint64_t tier = a.is_write && draining ? 1 : 2;
  const uint64_t rank = uint64_t(cfg_.class_rank[size_t(a.stream_class)]);
  return (tier << kTierShift) | (rank << kRankShift) | seq;
}

// Write drain with hysteresis: enter at write_high queued writes, leave at write_low.
bool AiAwareScheduler::draining(const PseudoChannel& pc) const {
  return pc.write_draining ? pc.queued_writes() > write_low_ : pc.queued_writes() >= write_high_;
}

void AiAwareScheduler::before_step(PseudoChannel& pc, Cycle now) const {
  pc.aging_limit = age_limit_;
  for (int bank = 0; bank < int(pc.bank_queues.size()); ++bank) {
    BankQueue& q = pc.bank_queues[size_t(bank)];
    if (q.recheck_at > now) continue;
    q.recheck_at = kNever;
    pc.mark_bank_changed(bank);
  }
  const bool drain = draining(pc);
  if (drain != pc.write_draining) {
    pc.write_draining = drain;
    pc.mark_all_banks_changed();
  }
  if (now < pc.next_aging) return;
  // An access crossed the age limit: every key of this pseudo-channel is recomputed.
  pc.mark_all_banks_changed();
  Cycle next = kNever;
  for (const BankQueue& q : pc.bank_queues) {
    for (int s : q.slots) {
      const Cycle at = pc.access(s).arrival + age_limit_;
      if (at > now) next = std::min(next, at);
    }
  }
  pc.next_aging = next;
}

void AiAwareScheduler::bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle now) const {
  const BankState& b = pc.banks[size_t(bank)];
  const bool draining = pc.write_draining;
  queue.recheck_at = kNever;  // set below when the rank clause waits
  int n = 0;
  int best_read_hit = -1, best_write_hit = -1, best_conflict = -1, best_any = -1, hits = 0;
  bool model_conflict = false;  // a conflict of another class than BEST_EFFORT is queued
  uint64_t read_key = ~uint64_t{0}, write_key = ~uint64_t{0}, conflict_key = ~uint64_t{0}, any_key = ~uint64_t{0};
  for (int s : queue.slots) {
    const Access& a = pc.access(s);
    if (a.waits_for > 0) continue;
    const uint64_t k = key(a, now, draining);
    if (k < any_key) any_key = k, best_any = s;
    if (!b.open) continue;
    if (a.addr.row != b.row) {
      if (k < conflict_key) conflict_key = k, best_conflict = s;
      model_conflict = model_conflict || a.stream_class != StreamClass::BEST_EFFORT;
    } else {
      ++hits;
      if (a.is_write && k < write_key) write_key = k, best_write_hit = s;
      if (!a.is_write && k < read_key) read_key = k, best_read_hit = s;
    }
  }
  if (!b.open) {  // the best access opens its row
    queue.candidates[n++] = {Command::ACT, best_any, any_key, 0};
    queue.num_candidates = n;
    return;
  }
  const bool capped = best_conflict >= 0 && b.hits_served >= row_hit_cap_;
  // A conflict goes first when it is aged and beats every hit, or (preempt_rank_gap > 0) when its
  // tier beats the best hit's, or in the same tier its rank is at least preempt_rank_gap better
  // and it has waited preempt_after: hits of a far lower class, or a read row against a draining
  // write, do not hold the row.
  const uint64_t hit_key = std::min(read_key, write_key);
  const uint64_t gap = uint64_t(cfg_.preempt_rank_gap);
  const bool aged_first = key_tier(conflict_key) == 0 && conflict_key < hit_key;
  const bool rank_beats = gap > 0 && best_conflict >= 0 && key_tier(conflict_key) == key_tier(hit_key) &&
                          key_rank(hit_key) >= key_rank(conflict_key) + gap;
  const Cycle rank_at = rank_beats ? pc.access(best_conflict).arrival + preempt_after_ : kNever;
  const bool rank_first = gap > 0 && (key_tier(conflict_key) < key_tier(hit_key) || (rank_beats && now >= rank_at));
  // Outranked but not yet waited long enough: the channel wakes this bank when it has.
  queue.recheck_at = rank_beats && now < rank_at ? rank_at : kNever;
  const bool conflict_first = best_conflict >= 0 && (aged_first || rank_first);
  const bool hold_hits = capped || conflict_first;
  if (!hold_hits) {
    if (best_read_hit >= 0) queue.candidates[n++] = {column_command(pc.access(best_read_hit), page_policy_, hits), best_read_hit, read_key, 0};
    if (best_write_hit >= 0) queue.candidates[n++] = {column_command(pc.access(best_write_hit), page_policy_, hits), best_write_hit, write_key, 0};
  }
  // Row hold: an idle row that served a column within row_hold_ stays open while every conflict
  // is best effort and none has aged, so that best-effort hits arriving a little apart share its
  // ACT. A conflict of the model's traffic ends the hold at once.
  const bool row_held = row_hold_ > 0 && hits == 0 && best_conflict >= 0 && !model_conflict &&
                        b.last_column != kNever && now < b.last_column + row_hold_ && key_tier(conflict_key) != 0;
  if (row_held) queue.recheck_at = std::min(queue.recheck_at, b.last_column + row_hold_);
  if (best_conflict >= 0 && (hits == 0 || hold_hits) && !row_held) {
    queue.candidates[n++] = {Command::PRE, best_conflict, conflict_key, 0};
  }
  queue.num_candidates = n;
}

}  // namespace aimc
