// Power-down (controller.power_down_after_ns): an idle pseudo-channel enters it, an access or an
// urgent refresh brings it out, every command stream stays legal, and the first access after
// an exit pays tXP.
#include <gtest/gtest.h>

#include <random>

#include "models/core/memory_controller.h"
#include "tb/protocol/protocol_checker.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

ControllerConfig with_power_down(double ns, RefreshPolicy refresh = RefreshPolicy::AllBank) {
  ControllerConfig c;
  c.power_down_after_ns = ns;
  c.refresh = refresh;
  return c;
}

std::vector<CommandRecord> of_pc0(const std::vector<CommandRecord>& cmds) {
  std::vector<CommandRecord> out;
  for (const auto& c : cmds) {
    if (c.addr.channel == 0 && c.addr.pseudo_channel == 0) out.push_back(c);
  }
  return out;
}

void run_until(MemoryController& mc, Cycle end) {
  for (Cycle now = mc.next_event(); now <= end; now = mc.next_event()) mc.advance(now);
}

std::vector<Violation> violations(const MemSpec& m, RefreshPolicy refresh, const std::vector<CommandRecord>& cmds, Cycle end) {
  ProtocolChecker checker(m, refresh);
  for (const auto& c : cmds) checker.check(c);
  checker.finish(end);
  return checker.violations();
}

TEST(PowerDown, AnIdlePseudoChannelPowersDownAndAnAccessWakesIt) {
  const MemSpec m = test::hbm3e();
  test::Recorder rec;
  const ControllerConfig cfg = with_power_down(5.0, RefreshPolicy::Off);  // shorter than tRDPDEN
  MemoryController mc(m, cfg, rec);
  const Cycle idle = cycles_covering(cfg.power_down_after_ns, m.tCK_ps);
  DramAddress a;  // channel 0, pseudo-channel 0, bank 0, row 0
  mc.enqueue(1, false, StreamClass::KV_READ, a, 0);
  run_until(mc, 2000);
  a.row = 7;
  mc.enqueue(2, false, StreamClass::KV_READ, a, 2000);
  run_until(mc, 4000);

  const auto pc0 = of_pc0(rec.commands);
  std::vector<Command> kinds;
  for (const auto& c : pc0) kinds.push_back(c.command);
  const std::vector<Command> expected = {Command::ACT, Command::RD,  Command::PDE, Command::PDX,
                                         Command::PRE, Command::ACT, Command::RD,  Command::PDE};
  ASSERT_EQ(kinds, expected);
  EXPECT_GE(pc0[2].cycle, pc0[1].cycle + idle) << "powers down only after the idle time";
  EXPECT_EQ(pc0[2].cycle, pc0[1].cycle + Cycle(m.t.nCL + m.t.nBL + 1)) << "and as soon as the read's data is out";
  EXPECT_GE(pc0[3].cycle, Cycle(2000)) << "wakes when the access arrives";
  EXPECT_LE(pc0[3].cycle, Cycle(2001));
  EXPECT_EQ(pc0[4].cycle, pc0[3].cycle + Cycle(m.t.nXP)) << "the first command after the exit waits tXP";
  // A pseudo-channel that never had work powers down once the idle time has passed (the
  // second of a channel one cycle later: the two share the row bus).
  for (const auto& c : rec.commands) {
    if (c.addr.channel == 1) {
      EXPECT_EQ(c.command, Command::PDE);
      EXPECT_EQ(c.cycle, idle + Cycle(c.addr.pseudo_channel));
    }
  }
  EXPECT_TRUE(violations(m, RefreshPolicy::Off, rec.commands, 4000).empty());
}

// A powered-down pseudo-channel lets refreshes fall due and wakes only when one is urgent; it
// then pays them all and powers down again, inside the postponement limit.
TEST(PowerDown, RefreshesWaitUntilUrgentThenAllArePaid) {
  const MemSpec m = test::hbm3e();
  for (RefreshPolicy refresh : {RefreshPolicy::AllBank, RefreshPolicy::PerBank}) {
    test::Recorder rec;
    MemoryController mc(m, with_power_down(20.0, refresh), rec);
    const Cycle end = Cycle(30) * Cycle(m.t.nREFI);
    run_until(mc, end);
    const auto pc0 = of_pc0(rec.commands);
    int wakes = 0, refreshes = 0;
    for (const auto& c : pc0) {
      wakes += c.command == Command::PDX;
      refreshes += c.command == Command::REFab || c.command == Command::REFpb;
    }
    const int interval = refresh == RefreshPolicy::PerBank ? m.t.nREFIpb : m.t.nREFI;
    const int due = int(end / Cycle(interval));
    EXPECT_GE(refreshes, due - m.t.max_postponed_refreshes) << to_string(refresh);
    EXPECT_GT(wakes, 0);
    EXPECT_LT(wakes, refreshes / 4) << "refreshes are paid in batches, one wake for several";
    const auto v = violations(m, refresh, rec.commands, end);
    EXPECT_TRUE(v.empty()) << to_string(refresh) << ": " << v.front().message;
  }
}

// Bursts of random accesses (a third writes) with idle gaps, under every refresh policy: every
// command stream is legal and every access is served.
TEST(PowerDown, BurstyRandomTrafficStaysLegal) {
  const MemSpec m = test::hbm3e();
  for (RefreshPolicy refresh : {RefreshPolicy::AllBank, RefreshPolicy::PerBank, RefreshPolicy::Off}) {
    test::Recorder rec;
    MemoryController mc(m, with_power_down(10.0, refresh), rec);
    std::mt19937_64 rng(11);
    uint64_t id = 0;
    const Cycle end = 60000;
    for (Cycle now = 0; now < end; now = std::min(mc.next_event(), now + 50)) {
      const bool busy = (now / 3000) % 2 == 0;
      for (int k = 0; busy && k < 8; ++k) {
        DramAddress a;
        a.channel = int(rng() % 2);
        a.pseudo_channel = int(rng() % 2);
        a.bank_group = int(rng() % uint64_t(m.org.bank_groups));
        a.bank = int(rng() % uint64_t(m.org.banks_per_group));
        a.row = int64_t(rng() % 32);
        a.column = int(rng() % uint64_t(m.org.columns));
        if (!mc.can_accept(a)) break;
        mc.enqueue(id++, rng() % 3 == 0, StreamClass::BEST_EFFORT, a, now);
      }
      if (mc.next_event() <= now) mc.advance(now);
    }
    run_until(mc, end + 20000);
    EXPECT_EQ(rec.completions.size(), id) << to_string(refresh);
    int pde = 0;
    for (const auto& c : rec.commands) pde += c.command == Command::PDE;
    EXPECT_GT(pde, 8) << to_string(refresh);
    const auto v = violations(m, refresh, rec.commands, end + 20000);
    EXPECT_TRUE(v.empty()) << to_string(refresh) << ": " << v.front().message;
  }
}

}  // namespace
}  // namespace aimc
