// Scheduling policies on small hand-made queues: who goes first, and that nobody starves.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/test_support.h"

namespace aimc {
namespace {

DramAddress bank0(int64_t row, int column = 0) {
  DramAddress a;
  a.row = row;
  a.column = column;
  return a;
}

// Completion order of request ids.
std::vector<uint64_t> order(const test::Recorder& r) {
  std::vector<uint64_t> ids;
  for (const auto& c : r.completions) ids.push_back(c.access.request_id);
  return ids;
}

struct Harness {
  explicit Harness(ControllerConfig cfg) : cfg_(cfg), mc(test::hbm3e(), cfg_, rec) {}
  ControllerConfig cfg_;
  test::Recorder rec;
  MemoryController mc;
};

ControllerConfig config(SchedulerPolicy p, int cap = 16, PagePolicy page = PagePolicy::Open) {
  ControllerConfig c;
  c.policy = p;
  c.row_hit_cap = cap;
  c.page_policy = page;
  c.refresh = RefreshPolicy::Off;
  return c;
}

// Row 7 is open; an older access to row 9 and a younger one to row 7 wait in the same bank.
void open_row_then_conflict_and_hit(Harness& r) {
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(7), 0);
  test::drain(r.mc, 0);
  r.rec.completions.clear();
  r.mc.enqueue(1, false, StreamClass::BEST_EFFORT, bank0(9), 1000);
  r.mc.enqueue(2, false, StreamClass::BEST_EFFORT, bank0(7, 1), 1000);
  test::drain(r.mc, 1000);
}

TEST(FrFcfsScheduler, YoungerRowHitOvertakesOlderConflict) {
  Harness r(config(SchedulerPolicy::FrFcfs));
  open_row_then_conflict_and_hit(r);
  EXPECT_EQ(order(r.rec), (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(r.rec.completions[0].outcome, RowOutcome::Hit);
  EXPECT_EQ(r.rec.completions[1].outcome, RowOutcome::Conflict);
}

// Row 7 open; a read of column 0 (request 4), then a write to column 3, a read of column 3 and
// a read of column 4. After the first read, reads are ready before the write (tRTW), so a
// policy free to reorder would serve the read of column 3 before the write; it must wait (same
// location), the read of column 4 need not.
std::vector<uint64_t> write_then_reads(SchedulerPolicy p) {
  Harness r(config(p));
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(7), 0);
  test::drain(r.mc, 0);
  r.rec.completions.clear();
  r.mc.enqueue(4, false, StreamClass::BEST_EFFORT, bank0(7, 0), 1000);
  r.mc.enqueue(1, true, StreamClass::BEST_EFFORT, bank0(7, 3), 1000);
  r.mc.enqueue(2, false, StreamClass::KV_READ, bank0(7, 3), 1000);
  r.mc.enqueue(3, false, StreamClass::KV_READ, bank0(7, 4), 1000);
  test::drain(r.mc, 1000);
  return order(r.rec);
}

TEST(SameLocationOrder, ReadWaitsForTheOlderWriteToItsLocationUnderEveryPolicy) {
  for (SchedulerPolicy p : {SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware}) {
    SCOPED_TRACE(to_string(p));
    const std::vector<uint64_t> done = write_then_reads(p);
    ASSERT_EQ(done.size(), 4u);
    EXPECT_LT(std::find(done.begin(), done.end(), 1) - done.begin(),
              std::find(done.begin(), done.end(), 2) - done.begin());
  }
  // FR-FCFS: the read of another column, ready before the write, overtakes it; the read of the
  // write's column does not.
  EXPECT_EQ(write_then_reads(SchedulerPolicy::FrFcfs), (std::vector<uint64_t>{4, 3, 1, 2}));
}

TEST(FcfsScheduler, SameBankIsServedInArrivalOrder) {
  Harness r(config(SchedulerPolicy::Fcfs));
  open_row_then_conflict_and_hit(r);
  EXPECT_EQ(order(r.rec), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(r.rec.completions[1].outcome, RowOutcome::Conflict) << "row 7 was closed for row 9";
}

// A stream of hits to row 7 with one conflict to row 9 queued early: the cap bounds how many
// hits pass the conflict.
std::vector<uint64_t> hit_stream_with_conflict(int cap) {
  Harness r(config(SchedulerPolicy::FrFcfs, cap));
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(7, 0), 0);
  r.mc.enqueue(1, false, StreamClass::BEST_EFFORT, bank0(9, 0), 0);
  for (int i = 2; i < 20; ++i) r.mc.enqueue(uint64_t(i), false, StreamClass::BEST_EFFORT, bank0(7, i), 0);
  test::drain(r.mc, 0);
  return order(r.rec);
}

TEST(FrFcfsScheduler, RowHitCapBoundsHitsServedBeforeAWaitingConflict) {
  const auto capped = hit_stream_with_conflict(4);
  const auto pos = std::find(capped.begin(), capped.end(), 1u) - capped.begin();
  EXPECT_EQ(pos, 4) << "exactly row_hit_cap hits go before the conflict";
  const auto uncapped = hit_stream_with_conflict(1000);
  EXPECT_EQ(uncapped.back(), 1u) << "without a cap the conflict waits for every hit";
  EXPECT_EQ(capped.size(), 20u);
}

TEST(FrFcfsScheduler, ClosedPageAutoPrechargesTheLastHit) {
  Harness r(config(SchedulerPolicy::FrFcfs, 16, PagePolicy::Closed));
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(7, 0), 0);
  r.mc.enqueue(1, false, StreamClass::BEST_EFFORT, bank0(7, 1), 0);
  r.mc.enqueue(2, true, StreamClass::BEST_EFFORT, bank0(8, 0), 0);
  test::drain(r.mc, 0);
  std::vector<Command> cmds;
  for (const auto& c : r.rec.commands) cmds.push_back(c.command);
  EXPECT_EQ(cmds, (std::vector<Command>{Command::ACT, Command::RD, Command::RDA, Command::ACT, Command::WRA}));
}

TEST(FrFcfsScheduler, OpenPageLeavesTheRowOpen) {
  Harness r(config(SchedulerPolicy::FrFcfs));
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(7, 0), 0);
  test::drain(r.mc, 0);
  EXPECT_TRUE(r.mc.channel(0).pseudo_channel(0).banks[0].open);
}

// Both pseudo-channels of a channel share one column bus: reads to both never issue together.
TEST(ChannelController, PseudoChannelsShareTheColumnBus) {
  Harness r(config(SchedulerPolicy::FrFcfs));
  for (int i = 0; i < 8; ++i) {
    DramAddress a = bank0(1, i);
    a.pseudo_channel = i % 2;
    a.bank_group = (i / 2) % 4;
    r.mc.enqueue(uint64_t(i), false, StreamClass::BEST_EFFORT, a, 0);
  }
  test::drain(r.mc, 0);
  std::vector<Cycle> column_cycles;
  for (const auto& c : r.rec.commands) {
    if (is_column(c.command)) column_cycles.push_back(c.cycle);
  }
  ASSERT_EQ(column_cycles.size(), 8u);
  for (size_t i = 1; i < column_cycles.size(); ++i) EXPECT_LT(column_cycles[i - 1], column_cycles[i]);
}

// The request register adds one cycle: an access taken at cycle 0 is schedulable at cycle 1.
TEST(MemoryController, ReadLatencyOfARowMissIsRequestRegisterPlusRcdPlusClPlusBurst) {
  Harness r(config(SchedulerPolicy::FrFcfs));
  const Timing& t = r.mc.spec().t;
  r.mc.enqueue(0, false, StreamClass::BEST_EFFORT, bank0(3), 0);
  test::drain(r.mc, 0);
  ASSERT_EQ(r.rec.completions.size(), 1u);
  EXPECT_EQ(r.rec.completions[0].done, Cycle(1 + t.nRCDRD + t.nCL + t.nBL));
  EXPECT_EQ(r.rec.completions[0].outcome, RowOutcome::Miss);
}

}  // namespace
}  // namespace aimc
