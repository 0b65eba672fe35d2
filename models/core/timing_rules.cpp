#include "models/core/timing_rules.h"

#include <initializer_list>

namespace aimc {

std::vector<TimingRule> build_timing_rules(const Timing& t) {
  using C = Command;
  std::vector<TimingRule> rules;
  auto add = [&](Scope s, std::initializer_list<C> from, std::initializer_list<C> to, int lat,
                 const char* name) {
    for (C f : from) {
      for (C d : to) rules.push_back({s, f, d, lat, name});
    }
  };
  const int write_to_data_end = t.nCWL + t.nBL;  // WR issue -> last write data beat
  const auto kRead = {C::RD, C::RDA};
  const auto kWrite = {C::WR, C::WRA};
  const auto kRefresh = {C::REFab, C::REFpb};

  // Same bank.
  add(Scope::Bank, {C::ACT}, kRead, t.nRCDRD, "tRCDRD");
  add(Scope::Bank, {C::ACT}, kWrite, t.nRCDWR, "tRCDWR");
  add(Scope::Bank, {C::ACT}, {C::PRE, C::PREA}, t.nRAS, "tRAS");
  add(Scope::Bank, {C::ACT}, {C::ACT}, t.nRC, "tRC");
  add(Scope::Bank, {C::PRE, C::PREA}, {C::ACT}, t.nRP, "tRP");
  add(Scope::Bank, {C::PRE, C::PREA}, kRefresh, t.nRP, "tRP");
  add(Scope::Bank, {C::RD}, {C::PRE, C::PREA}, t.nRTP, "tRTP");
  add(Scope::Bank, {C::WR}, {C::PRE, C::PREA}, write_to_data_end + t.nWR, "tWR");
  // Auto-precharge: the internal precharge starts at max(RDA + tRTP, ACT + tRAS) (WRA: end of
  // data + tWR), so a PREA may not precharge the bank sooner, and ACT/REF wait until it is done
  // plus tRP. The ACT + tRAS + tRP half is kept by tRC below, which the memspec loader holds to
  // at least nRAS + nRP.
  add(Scope::Bank, {C::RDA}, {C::PREA}, t.nRTP, "tRTP");
  add(Scope::Bank, {C::WRA}, {C::PREA}, write_to_data_end + t.nWR, "tWR");
  add(Scope::Bank, {C::RDA}, {C::ACT, C::REFab, C::REFpb}, t.nRTP + t.nRP, "tRTP+tRP");
  add(Scope::Bank, {C::WRA}, {C::ACT, C::REFab, C::REFpb}, write_to_data_end + t.nWR + t.nRP,
      "tWR+tRP");
  // A refresh needs its banks idle a whole row cycle after their ACT (REFab: every bank).
  add(Scope::Bank, {C::ACT}, {C::REFpb, C::REFab}, t.nRC, "tRC");
  add(Scope::Bank, {C::REFpb}, {C::ACT, C::PRE, C::PREA, C::REFpb, C::REFab}, t.nRFCpb, "tRFCpb");

  // Same bank group.
  add(Scope::BankGroup, {C::ACT}, {C::ACT}, t.nRRD_L, "tRRD_L");
  add(Scope::BankGroup, kRead, kRead, t.nCCD_L, "tCCD_L");
  add(Scope::BankGroup, kWrite, kWrite, t.nCCD_L, "tCCD_L");
  add(Scope::BankGroup, kWrite, kRead, write_to_data_end + t.nWTR_L, "tWTR_L");

  // Same pseudo-channel (tFAW is a window, kept by the checker itself).
  add(Scope::PseudoChannel, {C::ACT}, {C::ACT}, t.nRRD_S, "tRRD_S");
  add(Scope::PseudoChannel, kRead, kRead, t.nCCD_S, "tCCD_S");
  add(Scope::PseudoChannel, kWrite, kWrite, t.nCCD_S, "tCCD_S");
  add(Scope::PseudoChannel, kRead, kWrite, t.nRTW, "tRTW");
  add(Scope::PseudoChannel, kWrite, kRead, write_to_data_end + t.nWTR_S, "tWTR_S");
  add(Scope::PseudoChannel, {C::PRE, C::PREA}, {C::PRE, C::PREA}, t.nPPD, "tPPD");
  add(Scope::PseudoChannel, {C::REFab}, {C::ACT, C::PRE, C::PREA, C::REFab, C::REFpb}, t.nRFCab, "tRFCab");
  add(Scope::PseudoChannel, {C::REFpb}, {C::ACT, C::REFpb}, t.nRREFD, "tRREFD");
  // ACT -> REFpb to another bank: Ramulator 2.1's HBM3 list asks tRRD_S, JESD235 (HBM2) tRREFD
  // for a single-bank refresh to or from an ACT; both are kept, so either reading holds.
  add(Scope::PseudoChannel, {C::ACT}, {C::REFpb}, t.nRRD_S, "tRRD_S");
  add(Scope::PseudoChannel, {C::ACT}, {C::REFpb}, t.nRREFD, "tRREFD");

  // Power-down (controller.power_down_after_ns), per pseudo-channel. It is entered once the
  // last ACT has left the bus, reads have returned their data, writes have recovered (the
  // DDR-family tACTPDEN, tRDPDEN, tWRPDEN) and refreshes are done; it lasts at least tCKE, and
  // every command waits tXP after the exit.
  add(Scope::PseudoChannel, {C::ACT}, {C::PDE}, t.nACT_CMD, "tACTPDEN");
  add(Scope::PseudoChannel, kRead, {C::PDE}, t.nCL + t.nBL + 1, "tRDPDEN");
  add(Scope::PseudoChannel, kWrite, {C::PDE}, write_to_data_end + t.nWR, "tWRPDEN");
  add(Scope::PseudoChannel, {C::REFab}, {C::PDE}, t.nRFCab, "tRFCab");
  add(Scope::PseudoChannel, {C::REFpb}, {C::PDE}, t.nRFCpb, "tRFCpb");
  add(Scope::PseudoChannel, {C::PDE}, {C::PDX}, t.nCKE, "tCKE");
  add(Scope::PseudoChannel, {C::PDX},
      {C::ACT, C::PRE, C::PREA, C::RD, C::RDA, C::WR, C::WRA, C::REFab, C::REFpb, C::PDE}, t.nXP, "tXP");
  return rules;
}

}  // namespace aimc
