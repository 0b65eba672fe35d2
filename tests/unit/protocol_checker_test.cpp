// The protocol checker must catch what it claims to: each test breaks one rule in an
// otherwise legal command stream and expects exactly that rule to be reported.
#include <gtest/gtest.h>

#include <algorithm>

#include "tb/protocol/protocol_checker.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

CommandRecord cmd(Cycle cycle, Command c, int bg = 0, int bank = 0, int64_t row = 5, int column = 0, int pc = 0) {
  CommandRecord r;
  r.cycle = cycle;
  r.command = c;
  r.addr.pseudo_channel = pc;
  r.addr.bank_group = bg;
  r.addr.bank = bank;
  r.addr.row = row;
  r.addr.column = column;
  return r;
}

class ProtocolCheckerTest : public ::testing::Test {
 protected:
  MemSpec m_ = test::hbm3e();
  const Timing& t_ = m_.t;

  std::vector<Violation> check(const std::vector<CommandRecord>& cmds, RefreshPolicy r = RefreshPolicy::Off) {
    ProtocolChecker c(m_, r);
    for (const auto& x : cmds) c.check(x);
    c.finish(cmds.empty() ? 0 : cmds.back().cycle);
    return c.violations();
  }
  void expect_only(const std::vector<CommandRecord>& cmds, const std::string& rule) {
    const auto v = check(cmds);
    ASSERT_FALSE(v.empty()) << "missed " << rule;
    for (const auto& x : v) EXPECT_EQ(x.rule, rule) << x.message;
  }
  Cycle c(int n) const { return Cycle(n); }
  // `before`, then `last` at cycle `at`: legal at `at`, and one cycle sooner it breaks `rule`.
  void expect_boundary(const std::vector<CommandRecord>& before, CommandRecord last, int at, const std::string& rule) {
    std::vector<CommandRecord> cmds = before;
    last.cycle = c(at);
    cmds.push_back(last);
    const auto legal = check(cmds);
    EXPECT_TRUE(legal.empty()) << rule << " at its minimum: " << legal.front().message;
    cmds.back().cycle = c(at - 1);
    const auto early = check(cmds);
    const bool caught = std::any_of(early.begin(), early.end(), [&](const Violation& v) { return v.rule == rule; });
    EXPECT_TRUE(caught) << "missed " << rule << (early.empty() ? "" : "; reported " + early.front().rule);
  }
};

// Power-down: a legal entry and exit, then each rule broken on its own.
TEST_F(ProtocolCheckerTest, PowerDownEntryAndExitFollowTheirTimings) {
  const Cycle rd = 100;
  const Cycle pde = rd + Cycle(t_.nCL + t_.nBL + 1);
  const Cycle pdx = pde + Cycle(t_.nCKE);
  const Cycle next = pdx + Cycle(t_.nXP);
  const CommandRecord act = cmd(0, Command::ACT);
  EXPECT_TRUE(check({act, cmd(rd, Command::RD), cmd(pde, Command::PDE), cmd(pdx, Command::PDX), cmd(next, Command::RD)}).empty());
  expect_only({act, cmd(rd, Command::RD), cmd(pde - 1, Command::PDE)}, "tRDPDEN");
  expect_only({act, cmd(rd, Command::RD), cmd(pde, Command::PDE), cmd(pdx - 1, Command::PDX)}, "tCKE");
  expect_only({act, cmd(rd, Command::RD), cmd(pde, Command::PDE), cmd(pdx, Command::PDX), cmd(next - 1, Command::RD)}, "tXP");
  expect_only({act, cmd(rd, Command::RD), cmd(pde, Command::PDE), cmd(pdx, Command::RD)}, "power-down");
  expect_only({act, cmd(rd, Command::RD), cmd(pde, Command::PDX)}, "power-down");
  const Cycle wr = 100;
  const Cycle wr_pde = wr + Cycle(t_.nCWL + t_.nBL + t_.nWR);
  EXPECT_TRUE(check({act, cmd(wr, Command::WR), cmd(wr_pde, Command::PDE)}).empty());
  expect_only({act, cmd(wr, Command::WR), cmd(wr_pde - 1, Command::PDE)}, "tWRPDEN");
  expect_only({cmd(0, Command::REFab), cmd(Cycle(t_.nRFCab) - 1, Command::PDE)}, "tRFCab");
}

TEST_F(ProtocolCheckerTest, LegalSequencePasses) {
  EXPECT_TRUE(check({cmd(0, Command::ACT), cmd(c(t_.nRCDRD), Command::RD),
                     cmd(c(t_.nRAS), Command::PRE), cmd(c(t_.nRAS + t_.nRP), Command::ACT, 0, 0, 6)})
                  .empty());
}

TEST_F(ProtocolCheckerTest, ReadTooEarlyAfterActIsTrcdRd) {
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRCDRD - 1), Command::RD)}, "tRCDRD");
}

TEST_F(ProtocolCheckerTest, ReadToTheWrongRowIsCaught) {
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRCDRD), Command::RD, 0, 0, 6)}, "column command to wrong row");
}

TEST_F(ProtocolCheckerTest, ActToAnOpenBankIsCaught) {
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRC), Command::ACT, 0, 0, 6)}, "ACT to open bank");
}

TEST_F(ProtocolCheckerTest, ActToARowPastTheBankIsCaught) {
  expect_only({cmd(0, Command::ACT, 0, 0, m_.org.rows)}, "address");
  expect_only({cmd(0, Command::ACT, 0, 0, -1)}, "address");
  EXPECT_TRUE(check({cmd(0, Command::ACT, 0, 0, m_.org.rows - 1)}).empty());
}

TEST_F(ProtocolCheckerTest, FifthActInsideFawIsCaught) {
  m_.t.nRRD_S = m_.t.nRRD_L = m_.t.nACT_CMD;
  std::vector<CommandRecord> cmds;
  for (int i = 0; i < 5; ++i) cmds.push_back(cmd(c(i * t_.nACT_CMD), Command::ACT, i % 4, i / 4));
  expect_only(cmds, "tFAW");
}

TEST_F(ProtocolCheckerTest, TwoColumnCommandsInOneCycleOnAChannelAreCaught) {
  expect_only({cmd(0, Command::ACT, 0, 0), cmd(c(t_.nACT_CMD), Command::ACT, 0, 0, 5, 0, 1),
               cmd(100, Command::RD, 0, 0, 5, 0, 0), cmd(100, Command::RD, 0, 0, 5, 0, 1)},
              "column bus");
}

TEST_F(ProtocolCheckerTest, ReadAfterWriteSameGroupIsWtrL) {
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRCDWR), Command::WR),
               cmd(c(t_.nRCDWR + t_.nCWL + t_.nBL + t_.nWTR_L - 1), Command::RD)},
              "tWTR_L");
}

// At most max_postponed refreshes may be owed: the next one falling due unpaid is overdue.
TEST_F(ProtocolCheckerTest, MissingRefreshIsOverdue) {
  const Cycle due = Cycle(t_.max_postponed_refreshes + 1) * Cycle(t_.nREFI);
  ProtocolChecker checker(m_, RefreshPolicy::AllBank);
  checker.finish(due);
  ASSERT_FALSE(checker.violations().empty());
  EXPECT_EQ(checker.violations().front().rule, "refresh overdue");
  ProtocolChecker in_bound(m_, RefreshPolicy::AllBank);
  in_bound.finish(due - 1);
  EXPECT_TRUE(in_bound.violations().empty());
}

// A refresh paid a few cycles after one too many fell due is still caught, although no command
// came in between: the checker looks at the cycle before each command.
TEST_F(ProtocolCheckerTest, RefreshPaidLateWithNoCommandBetweenIsOverdue) {
  const Cycle due = Cycle(t_.max_postponed_refreshes + 1) * Cycle(t_.nREFI);
  ProtocolChecker late(m_, RefreshPolicy::AllBank);
  late.check(cmd(due + 5, Command::REFab));
  ASSERT_EQ(late.violations().size(), 2u);  // the first refresh is also too long after cycle 0
  EXPECT_EQ(late.violations()[0].rule, "refresh overdue");
  EXPECT_EQ(late.violations()[1].rule, "refresh gap");
  ProtocolChecker on_time(m_, RefreshPolicy::AllBank);
  on_time.check(cmd(due - 1, Command::REFab));
  on_time.check(cmd(due - 1 + Cycle(t_.nRFCab), Command::ACT));
  EXPECT_TRUE(on_time.violations().empty()) << on_time.violations().front().message;
}

// Refreshes pulled in ahead of time keep the count but not the longest gap: no two refreshes
// (nor cycle 0 and the first) may be more than max_postponed + 1 intervals apart, here the last
// pulled-in refresh and a later ACT.
TEST_F(ProtocolCheckerTest, PulledInRefreshesDoNotExcuseALongGap) {
  const Cycle longest = Cycle(t_.max_postponed_refreshes + 1) * Cycle(t_.nREFI);
  const Cycle step = Cycle(t_.nRFCab);
  auto pulled_in = [&](Cycle end) {
    ProtocolChecker checker(m_, RefreshPolicy::AllBank);
    Cycle last = 0;
    for (int i = 0; i <= t_.max_postponed_refreshes; ++i) checker.check(cmd(last = Cycle(i) * step, Command::REFab));
    checker.check(cmd(last + end, Command::ACT));  // pseudo-channel 0 only: the others have no refresh
    return checker.violations();
  };
  const auto too_long = pulled_in(longest + 1);
  ASSERT_EQ(too_long.size(), 1u);
  EXPECT_EQ(too_long.front().rule, "refresh gap") << too_long.front().message;
  const auto in_bound = pulled_in(longest);
  EXPECT_TRUE(in_bound.empty()) << in_bound.front().message;
}

// Per-bank refresh that keeps the pseudo-channel's count but only ever takes banks 0 and 1
// leaves the others overdue; the same count in rotation over every bank is legal.
TEST_F(ProtocolCheckerTest, PerBankRefreshThatSkipsBanksIsOverdue) {
  const int banks = m_.org.banks_per_pc();
  const int count = 3 * (banks + t_.max_postponed_refreshes + 1);
  auto refreshes = [&](auto bank_of) {
    ProtocolChecker checker(m_, RefreshPolicy::PerBank);
    for (int i = 0; i < count; ++i) {
      const int b = bank_of(i);
      checker.check(cmd(Cycle(i + 1) * Cycle(t_.nREFIpb), Command::REFpb, b / m_.org.banks_per_group,
                        b % m_.org.banks_per_group));
    }
    return checker.violations();
  };
  const auto skipping = refreshes([](int i) { return i % 2; });
  ASSERT_FALSE(skipping.empty());
  for (const auto& v : skipping) EXPECT_EQ(v.rule, "per-bank refresh overdue") << v.message;
  const auto rotation = refreshes([&](int i) { return i % banks; });
  EXPECT_TRUE(rotation.empty()) << rotation.front().message;
}

TEST_F(ProtocolCheckerTest, RefreshWithAnOpenBankIsCaught) {
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRC), Command::REFab)}, "REFab with open bank");
}

// One hand-written trace per rule: the last command one cycle early breaks exactly that rule,
// on its minimum it is legal. Where two rules bind at the same cycle, a timing is moved so
// that the rule under test binds alone.
TEST_F(ProtocolCheckerTest, WriteTooEarlyAfterActIsTrcdWr) {
  expect_boundary({cmd(0, Command::ACT)}, cmd(0, Command::WR), t_.nRCDWR, "tRCDWR");
}

TEST_F(ProtocolCheckerTest, PrechargeTooEarlyAfterActIsTras) {
  expect_boundary({cmd(0, Command::ACT)}, cmd(0, Command::PRE), t_.nRAS, "tRAS");
}

TEST_F(ProtocolCheckerTest, ActTooEarlyAfterPrechargeIsTrp) {
  m_.t.nRC = 1;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::PRE)}, cmd(0, Command::ACT, 0, 0, 6),
                  t_.nRAS + t_.nRP, "tRP");
}

TEST_F(ProtocolCheckerTest, ActTooEarlyAfterActSameBankIsTrc) {
  m_.t.nRC = t_.nRAS + t_.nRP + 20;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::PRE)}, cmd(0, Command::ACT, 0, 0, 6), t_.nRC, "tRC");
}

TEST_F(ProtocolCheckerTest, PrechargeTooEarlyAfterReadIsTrtp) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::RD)}, cmd(0, Command::PRE), t_.nRAS + t_.nRTP,
                  "tRTP");
}

TEST_F(ProtocolCheckerTest, PrechargeTooEarlyAfterWriteDataIsTwr) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::WR)}, cmd(0, Command::PRE),
                  t_.nRAS + t_.nCWL + t_.nBL + t_.nWR, "tWR");
}

TEST_F(ProtocolCheckerTest, ReadsInOtherBankGroupsAreTccdS) {
  m_.t.nCCD_S = m_.t.nBL + 1;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_S), Command::ACT, 1), cmd(100, Command::RD)},
                  cmd(0, Command::RD, 1), 100 + t_.nCCD_S, "tCCD_S");
}

TEST_F(ProtocolCheckerTest, ReadsInOneBankGroupAreTccdL) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_L), Command::ACT, 0, 1), cmd(100, Command::RD)},
                  cmd(0, Command::RD, 0, 1), 100 + t_.nCCD_L, "tCCD_L");
}

TEST_F(ProtocolCheckerTest, WritesInOneBankGroupAreTccdL) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_L), Command::ACT, 0, 1), cmd(100, Command::WR)},
                  cmd(0, Command::WR, 0, 1), 100 + t_.nCCD_L, "tCCD_L");
}

TEST_F(ProtocolCheckerTest, ReadAfterWriteOtherBankGroupIsWtrS) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_S), Command::ACT, 1), cmd(100, Command::WR)},
                  cmd(0, Command::RD, 1), 100 + t_.nCWL + t_.nBL + t_.nWTR_S, "tWTR_S");
}

TEST_F(ProtocolCheckerTest, WriteAfterReadIsTrtw) {
  expect_boundary({cmd(0, Command::ACT), cmd(100, Command::RD)}, cmd(0, Command::WR), 100 + t_.nRTW, "tRTW");
}

TEST_F(ProtocolCheckerTest, ActsInOtherBankGroupsAreTrrdS) {
  expect_boundary({cmd(0, Command::ACT)}, cmd(0, Command::ACT, 1), t_.nRRD_S, "tRRD_S");
}

TEST_F(ProtocolCheckerTest, ActsInOneBankGroupAreTrrdL) {
  m_.t.nRRD_L = t_.nRRD_S + 4;
  expect_boundary({cmd(0, Command::ACT)}, cmd(0, Command::ACT, 0, 1), t_.nRRD_L, "tRRD_L");
}

TEST_F(ProtocolCheckerTest, PrechargesAreTppd) {
  m_.t.nPPD = 3;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_S), Command::ACT, 1), cmd(200, Command::PRE)},
                  cmd(0, Command::PRE, 1), 200 + t_.nPPD, "tPPD");
}

TEST_F(ProtocolCheckerTest, ActAfterAllBankRefreshIsTrfcAb) {
  expect_boundary({cmd(0, Command::REFab)}, cmd(0, Command::ACT), t_.nRFCab, "tRFCab");
}

TEST_F(ProtocolCheckerTest, ActAfterPerBankRefreshSameBankIsTrfcPb) {
  expect_boundary({cmd(0, Command::REFpb)}, cmd(0, Command::ACT), t_.nRFCpb, "tRFCpb");
}

TEST_F(ProtocolCheckerTest, PrechargeAllDuringPerBankRefreshIsTrfcPb) {
  expect_boundary({cmd(0, Command::REFpb)}, cmd(0, Command::PREA), t_.nRFCpb, "tRFCpb");
}

TEST_F(ProtocolCheckerTest, ActAfterPerBankRefreshOtherBankIsTrrefd) {
  expect_boundary({cmd(0, Command::REFpb)}, cmd(0, Command::ACT, 1), t_.nRREFD, "tRREFD");
}

TEST_F(ProtocolCheckerTest, PerBankRefreshesToOtherBanksAreTrrefd) {
  expect_boundary({cmd(0, Command::REFpb)}, cmd(0, Command::REFpb, 1), t_.nRREFD, "tRREFD");
}

// The audit's first hole: an ACT, then a REFpb to another bank of the pseudo-channel 5 cycles
// later. JESD235's reading (tRREFD) and Ramulator 2.1's (tRRD_S) are both kept.
TEST_F(ProtocolCheckerTest, PerBankRefreshAfterActOtherBankIsTrrefd) {
  expect_boundary({cmd(0, Command::ACT, 1)}, cmd(0, Command::REFpb), t_.nRREFD, "tRREFD");
}

TEST_F(ProtocolCheckerTest, PerBankRefreshAfterActOtherBankIsTrrdS) {
  m_.t.nRREFD = 2;
  expect_boundary({cmd(0, Command::ACT, 1)}, cmd(0, Command::REFpb), t_.nRRD_S, "tRRD_S");
}

TEST_F(ProtocolCheckerTest, PerBankRefreshAfterActSameBankIsTrc) {
  m_.t.nRC = t_.nRAS + t_.nRP + 20;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::PRE)}, cmd(0, Command::REFpb), t_.nRC, "tRC");
}

TEST_F(ProtocolCheckerTest, AllBankRefreshAfterActIsTrcOnEveryBank) {
  m_.t.nRC = t_.nRAS + t_.nRP + 20;
  expect_boundary({cmd(0, Command::ACT, 2, 3), cmd(c(t_.nRAS), Command::PRE, 2, 3)}, cmd(0, Command::REFab), t_.nRC,
                  "tRC");
}

// The audit's second hole: an RDA soon after its ACT precharges at ACT + tRAS, not RDA + tRTP.
TEST_F(ProtocolCheckerTest, RefreshAfterEarlyReadAutoPrechargeWaitsTrasPlusTrp) {
  m_.t.nRC = 1;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRCDRD), Command::RDA)}, cmd(0, Command::REFpb), t_.nRAS + t_.nRP,
                  "tRAS+tRP");
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRCDRD), Command::RDA)}, cmd(0, Command::REFab), t_.nRAS + t_.nRP,
                  "tRAS+tRP");
}

TEST_F(ProtocolCheckerTest, ActAfterLateReadAutoPrechargeIsTrtpPlusTrp) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::RDA)}, cmd(0, Command::ACT, 0, 0, 6),
                  t_.nRAS + t_.nRTP + t_.nRP, "tRTP+tRP");
}

TEST_F(ProtocolCheckerTest, RefreshAfterWriteAutoPrechargeIsTwrPlusTrp) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRAS), Command::WRA)}, cmd(0, Command::REFab),
                  t_.nRAS + t_.nCWL + t_.nBL + t_.nWR + t_.nRP, "tWR+tRP");
}

TEST_F(ProtocolCheckerTest, PrechargeAllBeforeAnAutoPrechargeStartsIsTras) {
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRCDRD), Command::RDA)}, cmd(0, Command::PREA), t_.nRAS, "tRAS");
}

TEST_F(ProtocolCheckerTest, OverlappingDataBurstsAreCaught) {
  m_.t.nCCD_S = m_.t.nCCD_L = 1;
  expect_boundary({cmd(0, Command::ACT), cmd(c(t_.nRRD_S), Command::ACT, 1), cmd(100, Command::RD)},
                  cmd(0, Command::RD, 1), 100 + t_.nBL, "data bus");
}

TEST_F(ProtocolCheckerTest, AnActHoldsTheRowBusForNActCmd) {
  expect_boundary({cmd(0, Command::ACT)}, cmd(0, Command::ACT, 0, 0, 5, 0, 1), t_.nACT_CMD, "row bus");
}

TEST_F(ProtocolCheckerTest, BankStateRulesAreCaught) {
  expect_only({cmd(0, Command::PRE)}, "PRE to closed bank");
  expect_only({cmd(0, Command::RD)}, "column command to closed bank");
  expect_only({cmd(0, Command::ACT), cmd(c(t_.nRC), Command::REFpb)}, "REFpb to open bank");
}

}  // namespace
}  // namespace aimc
