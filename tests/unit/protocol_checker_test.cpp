// The protocol checker must catch what it claims to: each test breaks one rule in an
// otherwise legal command stream and expects exactly that rule to be reported.
#include <gtest/gtest.h>

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
};

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

TEST_F(ProtocolCheckerTest, MissingRefreshIsOverdue) {
  ProtocolChecker checker(m_, RefreshPolicy::AllBank);
  checker.finish(Cycle(t_.max_postponed_refreshes + 2) * Cycle(t_.nREFI));
  ASSERT_FALSE(checker.violations().empty());
  EXPECT_EQ(checker.violations().front().rule, "refresh overdue");
  ProtocolChecker in_bound(m_, RefreshPolicy::AllBank);
  in_bound.finish(Cycle(t_.max_postponed_refreshes + 2) * Cycle(t_.nREFI) - 1);
  EXPECT_TRUE(in_bound.violations().empty());
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

}  // namespace
}  // namespace aimc
