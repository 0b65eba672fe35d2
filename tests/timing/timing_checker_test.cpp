// One test per HBM3 timing rule: after FROM, TO issued one cycle before the legal cycle is
// refused and at the legal cycle accepted. Values come from the HBM3E preset, never literals.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/core/timing_checker.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

constexpr Cycle kT0 = 1000;  // issue the first command late enough that no start-up state matters

DramAddress at(int bg, int bank, int pc = 0, int channel = 0) {
  DramAddress a;
  a.channel = channel;
  a.pseudo_channel = pc;
  a.bank_group = bg;
  a.bank = bank;
  return a;
}

class TimingRuleTest : public ::testing::Test {
 protected:
  MemSpec spec_ = test::hbm3e();
  const Timing& t_ = spec_.t;

  // Issues `from` at kT0 and checks that `to` becomes legal exactly `gap` cycles later.
  void expect_gap(Command from, DramAddress a, Command to, DramAddress b, int gap) {
    TimingChecker c(spec_);
    c.issue(from, a, kT0);
    const Cycle legal = kT0 + Cycle(gap);
    EXPECT_FALSE(c.is_ready(to, b, legal - 1)) << name_of(to) << " accepted one cycle early";
    EXPECT_TRUE(c.is_ready(to, b, legal)) << name_of(to) << " refused at the legal cycle";
    EXPECT_EQ(c.earliest(to, b), legal);
  }
  int write_end() const { return t_.nCWL + t_.nBL; }
};

TEST_F(TimingRuleTest, ActToReadSameBankWaitsRcdRd) { expect_gap(Command::ACT, at(0, 0), Command::RD, at(0, 0), t_.nRCDRD); }
TEST_F(TimingRuleTest, ActToWriteSameBankWaitsRcdWr) { expect_gap(Command::ACT, at(0, 0), Command::WR, at(0, 0), t_.nRCDWR); }
TEST_F(TimingRuleTest, ActToPreSameBankWaitsRas) { expect_gap(Command::ACT, at(1, 2), Command::PRE, at(1, 2), t_.nRAS); }
TEST_F(TimingRuleTest, ActToActSameBankWaitsRc) { expect_gap(Command::ACT, at(1, 2), Command::ACT, at(1, 2), t_.nRC); }
TEST_F(TimingRuleTest, PreToActSameBankWaitsRp) { expect_gap(Command::PRE, at(3, 1), Command::ACT, at(3, 1), t_.nRP); }
TEST_F(TimingRuleTest, ReadToPreSameBankWaitsRtp) { expect_gap(Command::RD, at(2, 2), Command::PRE, at(2, 2), t_.nRTP); }
TEST_F(TimingRuleTest, WriteToPreSameBankWaitsWr) {
  expect_gap(Command::WR, at(2, 2), Command::PRE, at(2, 2), write_end() + t_.nWR);
}
TEST_F(TimingRuleTest, ReadAutoPrechargeToActWaitsRtpPlusRp) {
  expect_gap(Command::RDA, at(0, 3), Command::ACT, at(0, 3), t_.nRTP + t_.nRP);
}
TEST_F(TimingRuleTest, WriteAutoPrechargeToActWaitsWrPlusRp) {
  expect_gap(Command::WRA, at(0, 3), Command::ACT, at(0, 3), write_end() + t_.nWR + t_.nRP);
}
TEST_F(TimingRuleTest, ActToActSameBankGroupWaitsRrdL) { expect_gap(Command::ACT, at(1, 0), Command::ACT, at(1, 3), t_.nRRD_L); }
TEST_F(TimingRuleTest, ActToActOtherBankGroupWaitsRrdS) { expect_gap(Command::ACT, at(1, 0), Command::ACT, at(2, 0), t_.nRRD_S); }
TEST_F(TimingRuleTest, ReadToReadSameBankGroupWaitsCcdL) { expect_gap(Command::RD, at(0, 0), Command::RD, at(0, 1), t_.nCCD_L); }
TEST_F(TimingRuleTest, ReadToReadOtherBankGroupWaitsCcdS) { expect_gap(Command::RD, at(0, 0), Command::RD, at(1, 0), t_.nCCD_S); }
TEST_F(TimingRuleTest, WriteToWriteSameBankGroupWaitsCcdL) { expect_gap(Command::WR, at(3, 0), Command::WR, at(3, 2), t_.nCCD_L); }
TEST_F(TimingRuleTest, WriteToWriteOtherBankGroupWaitsCcdS) { expect_gap(Command::WR, at(3, 0), Command::WR, at(2, 0), t_.nCCD_S); }
TEST_F(TimingRuleTest, WriteToReadSameBankGroupWaitsWtrL) {
  expect_gap(Command::WR, at(1, 1), Command::RD, at(1, 0), write_end() + t_.nWTR_L);
}
TEST_F(TimingRuleTest, WriteToReadOtherBankGroupWaitsWtrS) {
  expect_gap(Command::WR, at(1, 1), Command::RD, at(0, 0), write_end() + t_.nWTR_S);
}
TEST_F(TimingRuleTest, ReadToWriteWaitsRtw) { expect_gap(Command::RD, at(1, 1), Command::WR, at(2, 0), t_.nRTW); }
TEST_F(TimingRuleTest, PreToPreWaitsPpd) { expect_gap(Command::PRE, at(0, 0), Command::PRE, at(1, 0), t_.nPPD); }
TEST_F(TimingRuleTest, PreToRefabWaitsRp) { expect_gap(Command::PRE, at(2, 3), Command::REFab, at(0, 0), t_.nRP); }
TEST_F(TimingRuleTest, PreaToActWaitsRp) { expect_gap(Command::PREA, at(0, 0), Command::ACT, at(3, 3), t_.nRP); }
TEST_F(TimingRuleTest, ActToPreaWaitsRas) { expect_gap(Command::ACT, at(3, 2), Command::PREA, at(0, 0), t_.nRAS); }
TEST_F(TimingRuleTest, RefabToActWaitsRfcab) { expect_gap(Command::REFab, at(0, 0), Command::ACT, at(2, 1), t_.nRFCab); }
TEST_F(TimingRuleTest, RefabToRefabWaitsRfcab) { expect_gap(Command::REFab, at(0, 0), Command::REFab, at(0, 0), t_.nRFCab); }
TEST_F(TimingRuleTest, RefpbToActSameBankWaitsRfcpb) { expect_gap(Command::REFpb, at(1, 1), Command::ACT, at(1, 1), t_.nRFCpb); }
TEST_F(TimingRuleTest, RefpbToActOtherBankWaitsRrefd) { expect_gap(Command::REFpb, at(1, 1), Command::ACT, at(1, 2), t_.nRREFD); }
TEST_F(TimingRuleTest, RefpbToRefpbOtherBankWaitsRrefd) { expect_gap(Command::REFpb, at(1, 1), Command::REFpb, at(2, 1), t_.nRREFD); }
TEST_F(TimingRuleTest, ActToRefpbSameBankWaitsRc) { expect_gap(Command::ACT, at(2, 1), Command::REFpb, at(2, 1), t_.nRC); }
TEST_F(TimingRuleTest, ActToRefpbOtherBankWaitsRrefdAndRrdS) {
  expect_gap(Command::ACT, at(2, 1), Command::REFpb, at(0, 3), std::max(t_.nRREFD, t_.nRRD_S));
}
TEST_F(TimingRuleTest, ActToRefabWaitsRcOnEveryBank) { expect_gap(Command::ACT, at(3, 3), Command::REFab, at(0, 0), t_.nRC); }
TEST_F(TimingRuleTest, ReadAutoPrechargeToPreaWaitsRtp) { expect_gap(Command::RDA, at(1, 0), Command::PREA, at(0, 0), t_.nRTP); }
TEST_F(TimingRuleTest, WriteAutoPrechargeToPreaWaitsWr) {
  expect_gap(Command::WRA, at(1, 0), Command::PREA, at(0, 0), write_end() + t_.nWR);
}
TEST_F(TimingRuleTest, RefabToPreaWaitsRfcab) { expect_gap(Command::REFab, at(0, 0), Command::PREA, at(0, 0), t_.nRFCab); }
TEST_F(TimingRuleTest, RefpbToPreSameBankWaitsRfcpb) { expect_gap(Command::REFpb, at(0, 2), Command::PRE, at(0, 2), t_.nRFCpb); }

// Auto-precharge soon after ACT: the internal precharge waits for ACT + tRAS, so a refresh or
// an ACT waits ACT + tRAS + tRP, which tRC (>= nRAS + nRP, a memspec rule) keeps.
TEST_F(TimingRuleTest, EarlyReadAutoPrechargeToRefpbWaitsRasPlusRp) {
  TimingChecker c(spec_);
  c.issue(Command::ACT, at(0, 1), kT0);
  c.issue(Command::RDA, at(0, 1), kT0 + Cycle(t_.nRCDRD));
  EXPECT_GE(c.earliest(Command::REFpb, at(0, 1)), kT0 + Cycle(t_.nRAS + t_.nRP));
  EXPECT_GE(c.earliest(Command::REFab, at(0, 0)), kT0 + Cycle(t_.nRAS + t_.nRP));
}

// tFAW binds only when four ACTs come faster than tFAW allows; shrink tRRD to make it so.
TEST_F(TimingRuleTest, FifthActInWindowWaitsFaw) {
  spec_.t.nRRD_S = spec_.t.nRRD_L = 2 * spec_.t.nACT_CMD;
  TimingChecker c(spec_);
  for (int i = 0; i < 4; ++i) c.issue(Command::ACT, at(i, 0), kT0 + Cycle(i * t_.nRRD_S));
  const Cycle legal = kT0 + Cycle(t_.nFAW);
  ASSERT_GT(legal, kT0 + Cycle(4 * t_.nRRD_S)) << "tFAW must be the binding constraint";
  EXPECT_FALSE(c.is_ready(Command::ACT, at(0, 1), legal - 1));
  EXPECT_TRUE(c.is_ready(Command::ACT, at(0, 1), legal));
  EXPECT_TRUE(c.is_ready(Command::ACT, at(0, 1, /*pc=*/1), kT0 + Cycle(4 * t_.nRRD_S)))
      << "the window is per pseudo-channel";
}

// Dual command interface: one row and one column command per channel per cycle.
TEST_F(TimingRuleTest, ColumnBusIsSharedByThePseudoChannelsOfAChannel) {
  expect_gap(Command::RD, at(0, 0, 0), Command::RD, at(0, 0, 1), 1);
}
TEST_F(TimingRuleTest, ActHoldsTheRowBusForActCmdCycles) {
  expect_gap(Command::ACT, at(0, 0, 0), Command::ACT, at(0, 0, 1), t_.nACT_CMD);
  expect_gap(Command::ACT, at(0, 0, 0), Command::PRE, at(1, 0, 1), t_.nACT_CMD);
}
TEST_F(TimingRuleTest, RowAndColumnCommandsShareACycle) {
  TimingChecker c(spec_);
  c.issue(Command::RD, at(0, 0), kT0);
  EXPECT_TRUE(c.is_ready(Command::ACT, at(1, 0, 1), kT0));
}
TEST_F(TimingRuleTest, ChannelsAreIndependent) {
  TimingChecker c(spec_);
  c.issue(Command::ACT, at(0, 0, 0, 0), kT0);
  c.issue(Command::RD, at(0, 0, 0, 0), kT0 + 1);
  EXPECT_TRUE(c.is_ready(Command::ACT, at(0, 0, 0, 1), kT0));
  EXPECT_TRUE(c.is_ready(Command::RD, at(0, 0, 0, 1), kT0 + 1));
}

}  // namespace
}  // namespace aimc
