// Refresh: due every tREFI (or tREFIpb per bank), postponed at most max_postponed_refreshes
// under load, and issued early when the pseudo-channel is idle.
#include <gtest/gtest.h>

#include <map>

#include "tb/protocol/protocol_checker.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

ControllerConfig with_refresh(RefreshPolicy p) {
  ControllerConfig c;
  c.refresh = p;
  return c;
}

// Advances an idle controller through `end` cycles.
void idle_until(MemoryController& mc, Cycle end) {
  for (Cycle now = 0; now <= end; now = mc.next_event()) mc.advance(now);
}

TEST(Refresh, IdleStackRefreshesEveryPseudoChannelOncePerRefi) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::AllBank), rec);
  const int intervals = 10;
  idle_until(mc, Cycle(intervals) * Cycle(m.t.nREFI) + Cycle(m.org.pseudo_channels));
  std::map<int, int> per_pc;
  for (const auto& c : rec.commands) {
    ASSERT_EQ(c.command, Command::REFab) << "an idle stack with closed banks needs no PREA";
    // Due at multiples of tREFI; the two pseudo-channels share the row bus, so PC1 goes a cycle later.
    EXPECT_EQ(c.cycle % Cycle(m.t.nREFI), Cycle(c.addr.pseudo_channel)) << "idle refresh goes out when due";
    ++per_pc[c.addr.channel * 2 + c.addr.pseudo_channel];
  }
  ASSERT_EQ(per_pc.size(), 32u);
  for (const auto& [pc, n] : per_pc) EXPECT_EQ(n, intervals) << "pseudo-channel " << pc;
}

TEST(Refresh, PerBankRefreshRotatesOverEveryBank) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::PerBank), rec);
  const int banks = m.org.banks_per_pc();
  idle_until(mc, Cycle(banks) * Cycle(m.t.nREFIpb));
  std::map<int, int> pc0_banks;
  for (const auto& c : rec.commands) {
    ASSERT_EQ(c.command, Command::REFpb);
    if (c.addr.channel == 0 && c.addr.pseudo_channel == 0) ++pc0_banks[c.addr.bank_group * m.org.banks_per_group + c.addr.bank];
  }
  ASSERT_EQ(int(pc0_banks.size()), banks);
  for (const auto& [bank, n] : pc0_banks) EXPECT_EQ(n, 1) << "bank " << bank;
}

TEST(Refresh, OffIssuesNoRefresh) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::Off), rec);
  mc.enqueue(0, false, StreamClass::BEST_EFFORT, DramAddress{}, 0);
  test::drain(mc, 0);
  for (const auto& c : rec.commands) EXPECT_FALSE(c.command == Command::REFab || c.command == Command::REFpb);
}

// Keeps pseudo-channel 0 of channel 0 busy with row hits for `cycles` and returns its commands.
std::vector<CommandRecord> busy_pc0(RefreshPolicy policy, Cycle cycles, const MemSpec& m) {
  test::Recorder rec;
  MemoryController mc(m, with_refresh(policy), rec);
  uint64_t id = 0;
  Cycle now = 0;
  while (now < cycles) {
    DramAddress a;
    // Row hits round-robin over the bank groups of bank 0, row 0.
    auto place = [&](uint64_t n) {
      a.bank_group = int(n % uint64_t(m.org.bank_groups));
      a.column = int((n / uint64_t(m.org.bank_groups)) % uint64_t(m.org.columns));
    };
    place(id);
    while (mc.can_accept(a)) {
      mc.enqueue(id++, false, StreamClass::BEST_EFFORT, a, now);
      place(id);
    }
    mc.advance(now);
    now = mc.next_event();
  }
  return rec.commands;
}

TEST(Refresh, BusyPseudoChannelPostponesThenRefreshesWithinTheBound) {
  const MemSpec m = test::hbm3e();
  const Cycle span = Cycle(3 * (m.t.max_postponed_refreshes + 1)) * Cycle(m.t.nREFI);
  const auto cmds = busy_pc0(RefreshPolicy::AllBank, span, m);
  ProtocolChecker checker(m, RefreshPolicy::AllBank);
  Cycle first_ref = kNever;
  int refs = 0;
  for (const auto& c : cmds) {
    checker.check(c);
    if (c.command == Command::REFab && c.addr.channel == 0 && c.addr.pseudo_channel == 0) {
      first_ref = std::min(first_ref, c.cycle);
      ++refs;
    }
  }
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
  EXPECT_GT(first_ref, Cycle(m.t.max_postponed_refreshes) * Cycle(m.t.nREFI)) << "a busy PC postpones";
  const int due = int(span / Cycle(m.t.nREFI));
  EXPECT_GE(refs, due - (m.t.max_postponed_refreshes + 1));
  EXPECT_LE(refs, due);
}

TEST(Refresh, BusyPseudoChannelPerBankRefreshKeepsTheBound) {
  const MemSpec m = test::hbm3e();
  const Cycle span = Cycle(4) * Cycle(m.t.nREFI);
  const auto cmds = busy_pc0(RefreshPolicy::PerBank, span, m);
  ProtocolChecker checker(m, RefreshPolicy::PerBank);
  for (const auto& c : cmds) checker.check(c);
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
}

}  // namespace
}  // namespace aimc
