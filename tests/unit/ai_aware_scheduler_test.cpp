// The ai_aware policy's rules (docs/scheduling.md), each on a small hand-made queue.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/core/ai_aware_scheduler.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

DramAddress at(int bank_group, int bank, int64_t row, int column = 0, int pc = 0) {
  DramAddress a;
  a.pseudo_channel = pc;
  a.bank_group = bank_group;
  a.bank = bank;
  a.row = row;
  a.column = column;
  return a;
}

ControllerConfig ai_config() {
  ControllerConfig c;
  c.policy = SchedulerPolicy::AiAware;
  c.refresh = RefreshPolicy::Off;
  return c;
}

struct Harness {
  explicit Harness(ControllerConfig cfg) : cfg_(cfg), mc(test::hbm3e(), cfg_, rec) {}
  ControllerConfig cfg_;
  test::Recorder rec;
  MemoryController mc;
  std::vector<uint64_t> order() const {
    std::vector<uint64_t> ids;
    for (const auto& c : rec.completions) ids.push_back(c.access.request_id);
    return ids;
  }
};

TEST(AiAwareScheduler, KeyOrdersAgedThenTierThenRankThenAge) {
  const MemSpec m = test::hbm3e();
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.age_limit_ns = 100;
  const AiAwareScheduler s(cfg, m.tCK_ps);
  Access kv, be, old_be, wr;
  kv.stream_class = StreamClass::KV_READ;
  kv.seq = 9;
  kv.arrival = 100;
  be.stream_class = StreamClass::BEST_EFFORT;
  be.seq = 2;
  be.arrival = 100;
  old_be = be;
  old_be.arrival = 0;
  old_be.seq = 50;
  wr = be;
  wr.is_write = true;
  wr.seq = 3;
  const Cycle now = 250;  // 250 cycles = 104 ns: old_be has waited past 100 ns
  EXPECT_LT(s.key(kv, now, false), s.key(be, now, false)) << "class rank beats arrival order";
  EXPECT_LT(s.key(old_be, now, false), s.key(kv, now, false)) << "an aged access beats every class";
  EXPECT_LT(s.key(wr, now, true), s.key(kv, now, true)) << "draining writes go first";
  EXPECT_EQ(s.key(wr, now, false) >> kTierShift, s.key(be, now, false) >> kTierShift)
      << "outside a drain, reads and writes share a tier";
}

// Two banks hold a ready row each; the KV read arrived last but goes first.
TEST(AiAwareScheduler, KvReadOvertakesOlderBestEffortAcrossBanks) {
  Harness h(ai_config());
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 5), 0);
  h.mc.enqueue(1, false, StreamClass::BEST_EFFORT, at(0, 1, 5), 0);
  h.mc.enqueue(2, false, StreamClass::KV_READ, at(0, 2, 5), 0);
  test::drain(h.mc, 0);
  ASSERT_EQ(h.rec.completions.size(), 3u);
  EXPECT_EQ(h.order().front(), 2u);
}

// A bank with an open row: a younger best-effort hit is still served before an older KV read
// to another row (row hits are preserved), as long as the hit cap is not reached.
TEST(AiAwareScheduler, RowHitsArePreservedOverAHigherRankConflict) {
  Harness h(ai_config());
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 7), 0);
  test::drain(h.mc, 0);
  h.rec.completions.clear();
  h.mc.enqueue(1, false, StreamClass::KV_READ, at(0, 0, 9), 1000);
  h.mc.enqueue(2, false, StreamClass::BEST_EFFORT, at(0, 0, 7, 1), 1000);
  test::drain(h.mc, 1000);
  EXPECT_EQ(h.order(), (std::vector<uint64_t>{2, 1}));
}

// Row 7 opened by a `holder` access, then a KV read to row 9 (request 1) and a younger `holder`
// hit to row 7 (request 2) arrive together; returns the order they complete in.
std::vector<uint64_t> kv_conflict_against_hit(StreamClass holder, int preempt_rank_gap) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.preempt_rank_gap = preempt_rank_gap;
  cfg.ai_aware.class_rank[size_t(StreamClass::WEIGHT)] = 1;  // one rank below KV_READ
  Harness h(cfg);
  h.mc.enqueue(0, false, holder, at(0, 0, 7), 0);
  test::drain(h.mc, 0);
  h.rec.completions.clear();
  h.mc.enqueue(1, false, StreamClass::KV_READ, at(0, 0, 9), 1000);
  h.mc.enqueue(2, false, holder, at(0, 0, 7, 1), 1000);
  test::drain(h.mc, 1000);
  return h.order();
}

// With preempt_rank_gap 2 a KV read (rank 0) closes a row held by a best-effort hit (rank 2);
// a WEIGHT hit (rank 1) is within the gap and keeps its row.
TEST(AiAwareScheduler, ConflictPreemptsOnlyHitsAtLeastTheRankGapBelow) {
  EXPECT_EQ(kv_conflict_against_hit(StreamClass::BEST_EFFORT, 2), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(kv_conflict_against_hit(StreamClass::WEIGHT, 2), (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(kv_conflict_against_hit(StreamClass::WEIGHT, 1), (std::vector<uint64_t>{1, 2}));
}

// Row 7 of bank 0 held by best effort. From cycle 900 to 1400 KV reads to open rows of the
// other bank groups keep the column bus busy; at 1000 a KV read to row 9 of bank 0 and a
// best-effort hit to row 7 arrive, and the hit cannot be served (it loses the bus, as in the
// decodes).
// Returns the cycle at which the KV read's PRE closes row 7.
Cycle pre_for_kv_read_behind_starved_hit(int preempt_rank_gap, double preempt_after_ns) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.preempt_rank_gap = preempt_rank_gap;
  cfg.ai_aware.preempt_after_ns = preempt_after_ns;
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 7), 0);
  for (int bg = 1; bg < 4; ++bg) h.mc.enqueue(uint64_t(bg), false, StreamClass::KV_READ, at(bg, 0, 5), 0);
  test::drain(h.mc, 0);
  uint64_t id = 100;
  for (Cycle now = 900; now < 1400; ++now) {
    if (now == 1000) {
      h.mc.enqueue(10, false, StreamClass::KV_READ, at(0, 0, 9), now);
      h.mc.enqueue(11, false, StreamClass::BEST_EFFORT, at(0, 0, 7, 1), now);
    }
    const DramAddress flood = at(1 + int(id % 3), 0, 5, int(id / 3 % 32));
    if (h.mc.can_accept(flood, StreamClass::KV_READ, now, now)) h.mc.enqueue(id++, false, StreamClass::KV_READ, flood, now);
    h.mc.advance(now);
  }
  test::drain(h.mc, 1400);
  for (const CommandRecord& r : h.rec.commands) {
    if (r.command == Command::PRE && r.cycle >= 1000 && r.addr.bank_group == 0 && r.addr.bank == 0) return r.cycle;
  }
  return kNever;
}

// preempt_after_ns: the KV read closes the best-effort row once it has waited that long in its
// queue (50 ns = 120 cycles after it was queued at 1001), at once with 0, and without a rank gap
// only once the hit has been served after the flood.
TEST(AiAwareScheduler, ConflictPreemptsOnceItHasWaitedPreemptAfter) {
  EXPECT_LT(pre_for_kv_read_behind_starved_hit(2, 0), Cycle(1010));
  const Cycle after_50ns = pre_for_kv_read_behind_starved_hit(2, 50);
  EXPECT_GE(after_50ns, Cycle(1121));
  EXPECT_LT(after_50ns, Cycle(1130));
  EXPECT_GT(pre_for_kv_read_behind_starved_hit(0, 50), Cycle(1400));
}

// The wait can end while nothing else happens: a KV read to row 9 of bank 0 outranks a best-
// effort read hit to row 7 that must wait tWTR_L after a write to bank 1 of the same bank group.
// The PRE for the KV read is ready at once, so it must go out when the KV read has waited
// preempt_after (1 ns = 3 cycles), long before the hit could issue: the channel has to wake then.
TEST(AiAwareScheduler, ChannelWakesWhenTheConflictHasWaitedPreemptAfter) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.preempt_rank_gap = 2;
  cfg.ai_aware.preempt_after_ns = 1;
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 7), 0);
  h.mc.enqueue(1, false, StreamClass::BEST_EFFORT, at(0, 1, 3), 0);
  test::drain(h.mc, 0);
  h.mc.enqueue(2, true, StreamClass::BEST_EFFORT, at(0, 1, 3, 1), 1000);
  Cycle now = 1000;
  while (h.rec.commands.back().command != Command::WR) {
    h.mc.advance(now);
    now = h.mc.next_event();
  }
  const Cycle write_at = h.rec.commands.back().cycle;
  h.mc.enqueue(10, false, StreamClass::KV_READ, at(0, 0, 9), write_at);
  h.mc.enqueue(11, false, StreamClass::BEST_EFFORT, at(0, 0, 7, 2), write_at);
  test::drain(h.mc, write_at);
  Cycle pre_at = kNever, hit_at = kNever;
  for (const CommandRecord& r : h.rec.commands) {
    if (r.cycle <= write_at || r.addr.bank_group != 0 || r.addr.bank != 0) continue;
    if (r.command == Command::PRE && pre_at == kNever) pre_at = r.cycle;
    if (r.command == Command::RD && r.request == 11) hit_at = r.cycle;
  }
  EXPECT_EQ(pre_at, write_at + 1 + 3);  // queued at write_at + 1, waited 3 cycles
  EXPECT_GT(hit_at, pre_at);
}

// An aged conflict closes the row at once: hits that do not outrank it are held. Here every
// access has aged (10 ns) by the time row 7 is open, so the older conflict beats younger hits.
TEST(AiAwareScheduler, AgedConflictClosesTheRowDespiteQueuedHits) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.age_limit_ns = 10;
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::KV_READ, at(0, 0, 7), 0);      // opens row 7
  h.mc.enqueue(1, false, StreamClass::BEST_EFFORT, at(0, 0, 9), 0);  // conflict
  for (int i = 0; i < 4; ++i) h.mc.enqueue(uint64_t(10 + i), false, StreamClass::KV_READ, at(0, 0, 7, i + 1), 0);
  test::drain(h.mc, 0);
  EXPECT_EQ(h.order(), (std::vector<uint64_t>{0, 1, 10, 11, 12, 13}));
}

TEST(AiAwareScheduler, WithoutAgingTheSameQueueServesHitsFirst) {
  Harness h(ai_config());  // age limit 1000 ns: nothing ages here
  h.mc.enqueue(0, false, StreamClass::KV_READ, at(0, 0, 7), 0);
  h.mc.enqueue(1, false, StreamClass::BEST_EFFORT, at(0, 0, 9), 0);
  for (int i = 0; i < 4; ++i) h.mc.enqueue(uint64_t(10 + i), false, StreamClass::KV_READ, at(0, 0, 7, i + 1), 0);
  test::drain(h.mc, 0);
  EXPECT_EQ(h.order(), (std::vector<uint64_t>{0, 10, 11, 12, 13, 1}));
}

// Write drain: below the high watermark reads and writes share a tier (age decides); at it,
// writes go first until the low watermark.
TEST(AiAwareScheduler, WritesDrainFromTheHighWatermark) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.write_high = 4;
  cfg.ai_aware.write_low = 1;
  Harness h(cfg);
  // One read to bank 0, then four writes to banks 1..4, all ready at once.
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 3), 0);
  for (int b = 1; b <= 4; ++b) h.mc.enqueue(uint64_t(b), true, StreamClass::BEST_EFFORT, at(b % 4, b / 4, 3), 0);
  test::drain(h.mc, 0);
  ASSERT_EQ(h.rec.completions.size(), 5u);
  // Draining (4 writes >= high): writes until 1 is left, then the read (older) before it.
  EXPECT_TRUE(h.rec.completions[0].access.is_write);
  EXPECT_TRUE(h.rec.completions[1].access.is_write);
  EXPECT_TRUE(h.rec.completions[2].access.is_write);
}

// Tier clause of preempt_rank_gap: while the pseudo-channel drains writes, a write conflicting
// with an open row goes before a younger read hit of the same rank (gap > 0); at gap 0 the hit
// keeps its row.
std::vector<uint64_t> draining_write_against_read_hit(int preempt_rank_gap) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.write_high = 2;
  cfg.ai_aware.write_low = 0;
  cfg.ai_aware.preempt_rank_gap = preempt_rank_gap;
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 7), 0);  // opens row 7 of bank 0
  test::drain(h.mc, 0);
  h.rec.completions.clear();
  h.mc.enqueue(1, true, StreamClass::BEST_EFFORT, at(0, 0, 9), 1000);      // write, conflict
  h.mc.enqueue(2, true, StreamClass::BEST_EFFORT, at(1, 0, 3), 1000);      // write, another bank
  h.mc.enqueue(3, false, StreamClass::BEST_EFFORT, at(0, 0, 7, 1), 1000);  // read hit
  test::drain(h.mc, 1000);
  std::vector<uint64_t> order = h.order();
  order.erase(std::remove(order.begin(), order.end(), 2u), order.end());
  return order;
}

TEST(AiAwareScheduler, DrainingWriteClosesAReadRowOnlyWithAPreemptGap) {
  EXPECT_EQ(draining_write_against_read_hit(0), (std::vector<uint64_t>{3, 1}));
  EXPECT_EQ(draining_write_against_read_hit(1), (std::vector<uint64_t>{1, 3}));
}

// Column bus: between two equal-rank ready hits, the one in another bank group than the last
// column command goes first even though it is younger.
TEST(AiAwareScheduler, ColumnCommandsPreferAnotherBankGroup) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.bank_group_interleave = true;
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::KV_READ, at(0, 0, 3), 0);
  h.mc.enqueue(1, false, StreamClass::KV_READ, at(1, 0, 3), 0);
  test::drain(h.mc, 0);  // opens both rows; last column command in group 0 or 1
  const int last_bg = h.rec.completions.back().access.addr.bank_group;
  h.rec.completions.clear();
  const Cycle now = h.mc.next_event() + 1000;
  const int same = last_bg, other = 1 - last_bg;
  h.mc.enqueue(2, false, StreamClass::KV_READ, at(same, 0, 3, 5), now);   // older, same group
  h.mc.enqueue(3, false, StreamClass::KV_READ, at(other, 0, 3, 5), now);  // younger, other group
  test::drain(h.mc, now);
  EXPECT_EQ(h.order(), (std::vector<uint64_t>{3, 2}));
}

TEST(AiAwareScheduler, BestEffortLeavesReservedSlotsFreeAfterModelTrafficFoundTheQueueFull) {
  ControllerConfig cfg = ai_config();
  cfg.queue_depth = 8;
  cfg.ai_aware.reserved_slots = 3;
  Harness h(cfg);
  const DramAddress a = at(0, 0, 1);
  for (int i = 0; i < 8; ++i) h.mc.enqueue(uint64_t(i), false, StreamClass::BEST_EFFORT, a, 10);
  EXPECT_FALSE(h.mc.can_accept(a, StreamClass::KV_READ, 10, 10)) << "queue full";
  h.mc.note_blocked(a, StreamClass::KV_READ, 10);  // what the front end does
  Cycle now = test::drain(h.mc, 10, 10 + 1);       // one step: a slot or two free up
  while (h.mc.queued() > 4) now = test::drain(h.mc, now, now + 1);
  ASSERT_EQ(h.mc.queued(), 4u);                    // 4 free slots
  EXPECT_TRUE(h.mc.can_accept(a, StreamClass::BEST_EFFORT, now, now));
  h.mc.enqueue(20, false, StreamClass::BEST_EFFORT, a, now);
  EXPECT_FALSE(h.mc.can_accept(a, StreamClass::BEST_EFFORT, now, now)) << "3 free slots stay reserved";
  EXPECT_TRUE(h.mc.can_accept(a, StreamClass::KV_READ, now, now));
  EXPECT_TRUE(h.mc.can_accept(a, StreamClass::BEST_EFFORT, 0, now + 10'000)) << "an aged request may use the reserve";
}

TEST(AiAwareScheduler, BestEffortUsesTheWholeQueueWhenNoModelTrafficWaited) {
  ControllerConfig cfg = ai_config();
  cfg.queue_depth = 8;
  cfg.ai_aware.reserved_slots = 3;
  Harness h(cfg);
  const DramAddress a = at(0, 0, 1);
  for (int i = 0; i < 7; ++i) h.mc.enqueue(uint64_t(i), false, StreamClass::BEST_EFFORT, a, 10);
  EXPECT_TRUE(h.mc.can_accept(a, StreamClass::BEST_EFFORT, 10, 10));
}

// best_effort_row_hold_ns: row 7 of bank 0 has just served a read. A conflict of class `cls`
// (a write with `conflict_write`) arrives one cycle later; `hit_after` cycles after that another
// read to row 7 arrives (none when negative), and `kv_after` cycles after it a KV_READ conflict
// to row 11 (none when negative).
// Returns the ACTs the bank needed and the cycle of the PRE that closed row 7.
struct HoldOutcome {
  int acts = 0;
  Cycle pre = kNever, first_column = kNever;
};
HoldOutcome row_hold(ControllerConfig cfg, StreamClass cls, int hit_after, int kv_after = -1, bool conflict_write = false) {
  Harness h(cfg);
  h.mc.enqueue(0, false, StreamClass::BEST_EFFORT, at(0, 0, 7), 0);
  test::drain(h.mc, 0);
  HoldOutcome out;
  out.first_column = h.rec.commands.back().cycle;
  const Cycle start = out.first_column + 1;
  h.mc.enqueue(1, conflict_write, cls, at(0, 0, 9), start);
  Cycle now = start;
  for (; now < start + 400; ++now) {
    if (hit_after >= 0 && now == start + Cycle(hit_after)) h.mc.enqueue(2, false, StreamClass::BEST_EFFORT, at(0, 0, 7, 1), now);
    if (kv_after >= 0 && now == start + Cycle(kv_after)) h.mc.enqueue(3, false, StreamClass::KV_READ, at(0, 0, 11), now);
    h.mc.advance(now);
  }
  test::drain(h.mc, now);
  for (const CommandRecord& r : h.rec.commands) {
    if (r.command == Command::ACT) ++out.acts;
    if (r.command == Command::PRE && out.pre == kNever) out.pre = r.cycle;
  }
  return out;
}
ControllerConfig hold_config(double hold_ns) {
  ControllerConfig cfg = ai_config();
  cfg.ai_aware.best_effort_row_hold_ns = hold_ns;
  return cfg;
}

// A best-effort hit arriving 50 cycles after a best-effort conflict: without a hold the row
// closes as soon as tRAS allows (41 cycles after its read) and row 7 is opened twice; with a
// 30 ns hold (72 cycles after the row's last column) the hit shares row 7's ACT.
TEST(AiAwareScheduler, RowHoldLetsALateBestEffortHitShareItsAct) {
  const HoldOutcome off = row_hold(hold_config(0), StreamClass::BEST_EFFORT, 50);
  const HoldOutcome on = row_hold(hold_config(30), StreamClass::BEST_EFFORT, 50);
  EXPECT_EQ(off.acts, 3);  // row 7, row 9, row 7 again
  EXPECT_EQ(on.acts, 2);
  EXPECT_LT(off.pre, off.first_column + 50);
  EXPECT_GT(on.pre, on.first_column + 50);
}

// With no hit coming, the held row closes the cycle the hold ends: the channel wakes for it. A
// model-traffic conflict is never held.
TEST(AiAwareScheduler, RowHoldEndsOnTimeAndSparesModelTraffic) {
  const MemSpec m = test::hbm3e();
  const Cycle hold = cycles_covering(20, m.tCK_ps);
  const HoldOutcome be = row_hold(hold_config(20), StreamClass::BEST_EFFORT, -1);
  EXPECT_EQ(be.pre, be.first_column + hold);
  const HoldOutcome kv = row_hold(hold_config(20), StreamClass::KV_READ, -1);
  const HoldOutcome kv_off = row_hold(hold_config(0), StreamClass::KV_READ, -1);
  EXPECT_EQ(kv.pre, kv_off.pre);
  EXPECT_LT(kv.pre, kv.first_column + hold);
}

// A KV read that conflicts ends a hold at once, even when a best-effort conflict outranks it:
// here a best-effort write while the pseudo-channel drains writes (tier 1 against the read's 2).
// An aged best-effort conflict is not held either.
TEST(AiAwareScheduler, RowHoldEndsForAModelConflictOrAnAgedOne) {
  const MemSpec m = test::hbm3e();
  ControllerConfig cfg = hold_config(100);  // 240 cycles
  cfg.ai_aware.write_high = 1;              // one queued write starts a drain
  cfg.ai_aware.write_low = 0;
  const HoldOutcome kv = row_hold(cfg, StreamClass::BEST_EFFORT, -1, 60, /*conflict_write=*/true);
  EXPECT_GT(kv.pre, kv.first_column + 60);
  EXPECT_LE(kv.pre, kv.first_column + 64);  // queued the cycle after it arrives, then the PRE
  cfg = hold_config(100);
  cfg.ai_aware.age_limit_ns = 40;  // 96 cycles: the conflict ages long before the hold ends
  const HoldOutcome aged = row_hold(cfg, StreamClass::BEST_EFFORT, -1);
  const Cycle age = cycles_covering(40, m.tCK_ps);
  EXPECT_GE(aged.pre, aged.first_column + 1 + age);
  EXPECT_LE(aged.pre, aged.first_column + 1 + age + 2);
}

}  // namespace
}  // namespace aimc
