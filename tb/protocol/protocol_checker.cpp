#include "tb/protocol/protocol_checker.h"

#include <fmt/format.h>

#include <algorithm>

namespace aimc {

ProtocolChecker::ProtocolChecker(const MemSpec& spec, RefreshPolicy refresh) : spec_(spec), refresh_(refresh) {
  Pc pc;
  pc.banks.resize(size_t(spec.org.banks_per_pc()));
  pc.groups.resize(size_t(spec.org.bank_groups_per_pc()));
  pcs_.assign(size_t(spec.org.channels * spec.org.pseudo_channels), pc);
  channels_.resize(size_t(spec.org.channels));
}

namespace {
std::string describe(const CommandRecord& r) {
  std::string s = fmt::format("{} ch {} pc {}", name_of(r.command), r.addr.channel, r.addr.pseudo_channel);
  if (!is_pc_wide(r.command)) s += fmt::format(" bg {} bank {}", r.addr.bank_group, r.addr.bank);
  if (r.command == Command::ACT || is_column(r.command)) s += fmt::format(" row {}", r.addr.row);
  if (is_column(r.command)) s += fmt::format(" col {}", r.addr.column);
  return s;
}
}  // namespace

void ProtocolChecker::fail(Cycle at, const std::string& rule, const std::string& message) {
  violations_.push_back({at, rule, message, current_, current_ < 0 ? "end of run" : describe(current_record_)});
}

void ProtocolChecker::need_gap(Cycle earlier, Cycle later, int gap, const char* rule, const char* what) {
  if (earlier == kNone) return;
  if (later < earlier + Cycle(gap)) {
    fail(later, rule, fmt::format("{} at cycle {} is {} cycles after cycle {}; {} needs {}", what, later,
                                  later - earlier, earlier, rule, gap));
  }
}

void ProtocolChecker::need_past(const Until& u, Cycle now, const char* what) {
  if (now >= u.at) return;
  fail(now, u.rule, fmt::format("{} at cycle {} comes before cycle {}, which the {} at cycle {} sets by {}", what, now,
                                u.at, u.cause, u.since, u.rule));
}

void ProtocolChecker::check(const CommandRecord& r) {
  current_ = int64_t(checked_);
  current_record_ = r;
  ++checked_;
  if (r.cycle < last_) fail(r.cycle, "order", fmt::format("command at cycle {} after cycle {}", r.cycle, last_));
  last_ = std::max(last_, r.cycle);
  const auto& o = spec_.org;
  if (r.addr.channel < 0 || r.addr.channel >= o.channels || r.addr.pseudo_channel < 0 ||
      r.addr.pseudo_channel >= o.pseudo_channels) {
    fail(r.cycle, "address", "channel or pseudo-channel out of range");
    return;
  }
  const bool banked = !is_pc_wide(r.command);
  if (banked && (r.addr.bank_group < 0 || r.addr.bank_group >= o.bank_groups_per_pc() || r.addr.bank < 0 ||
                 r.addr.bank >= o.banks_per_group)) {
    fail(r.cycle, "address", "bank group or bank out of range");
    return;
  }
  const int pc_index = r.addr.channel * o.pseudo_channels + r.addr.pseudo_channel;
  Pc& pc = pcs_[size_t(pc_index)];
  const int bank = r.addr.bank_group * o.banks_per_group + r.addr.bank;
  check_bus(channels_[size_t(r.addr.channel)], r);
  // What is owed only grows between commands, so the cycle before this one is the worst moment
  // since the last check.
  if (r.cycle > 0) check_refresh_due(pc, pc_index, r.cycle - 1);
  check_power_state(pc, r);
  switch (r.command) {
    case Command::ACT: on_act(pc, bank, r); break;
    case Command::PRE: on_pre(pc, bank, r.cycle); break;
    case Command::PREA: on_prea(pc, r.cycle); break;
    case Command::RD:
    case Command::RDA:
    case Command::WR:
    case Command::WRA: on_column(pc, bank, r); break;
    case Command::REFpb: on_refpb(pc, bank, r.cycle); break;
    case Command::REFab: on_refab(pc, r.cycle); break;
    case Command::PDE: on_pde(pc, r.cycle); break;
    case Command::PDX: on_pdx(pc, r.cycle); break;
  }
  check_refresh_due(pc, pc_index, r.cycle);
}

void ProtocolChecker::check_power_state(const Pc& pc, const CommandRecord& r) {
  if (r.command == Command::PDX) return;
  if (pc.powered_down) {
    fail(r.cycle, "power-down", fmt::format("{} at cycle {} while the pseudo-channel is powered down (PDE at cycle {})",
                                            name_of(r.command), r.cycle, pc.pde));
  }
  need_gap(pc.pdx, r.cycle, spec_.t.nXP, "tXP", "command after PDX");
}

void ProtocolChecker::on_pde(Pc& pc, Cycle now) {
  const Timing& t = spec_.t;
  need_gap(pc.act, now, t.nACT_CMD, "tACTPDEN", "PDE after ACT");
  need_gap(pc.rd, now, t.nCL + t.nBL + 1, "tRDPDEN", "PDE after a read");
  need_gap(pc.wr_end, now, t.nWR, "tWRPDEN", "PDE after the end of write data");
  for (const Bank& b : pc.banks) need_past(b.refresh, now, "PDE");
  pc.powered_down = true;
  pc.pde = now;
}

void ProtocolChecker::on_pdx(Pc& pc, Cycle now) {
  if (!pc.powered_down) fail(now, "power-down", fmt::format("PDX at cycle {} without a PDE", now));
  need_gap(pc.pde, now, spec_.t.nCKE, "tCKE", "PDX after PDE");
  pc.powered_down = false;
  pc.pdx = now;
}

// The HBM3 dual command interface: one column command per cycle per channel; a row command
// holds the row bus one cycle, an ACT nACT_CMD cycles (1.5 CK rounded up).
void ProtocolChecker::check_bus(Chan& ch, const CommandRecord& r) {
  if (is_column(r.command)) {
    if (ch.col_cmd == r.cycle) {
      fail(r.cycle, "column bus", fmt::format("two column commands on channel {} in cycle {}", r.addr.channel, r.cycle));
    }
    ch.col_cmd = r.cycle;
    return;
  }
  if (r.cycle < ch.row_free) {
    fail(r.cycle, "row bus", fmt::format("row command on channel {} at cycle {} while the row bus is busy until cycle {}",
                                         r.addr.channel, r.cycle, ch.row_free));
  }
  ch.row_free = r.cycle + Cycle(r.command == Command::ACT ? spec_.t.nACT_CMD : 1);
}

void ProtocolChecker::on_act(Pc& pc, int bank, const CommandRecord& r) {
  const Timing& t = spec_.t;
  const Cycle now = r.cycle;
  Bank& b = pc.banks[size_t(bank)];
  Group& g = pc.groups[size_t(r.addr.bank_group)];
  if (r.addr.row < 0 || r.addr.row >= spec_.org.rows) fail(now, "address", "row out of range");
  if (b.active) fail(now, "ACT to open bank", fmt::format("ACT at cycle {} to a bank with row {} open", now, b.row));
  need_past(b.idle, now, "ACT");
  need_past(b.refresh, now, "ACT");
  need_gap(b.act, now, t.nRC, "tRC", "ACT after ACT same bank");
  need_gap(g.act, now, t.nRRD_L, "tRRD_L", "ACT after ACT same bank group");
  need_gap(pc.act, now, t.nRRD_S, "tRRD_S", "ACT after ACT");
  for (size_t o = 0; o < pc.banks.size(); ++o) {
    if (int(o) != bank) need_gap(pc.banks[o].refpb, now, t.nRREFD, "tRREFD", "ACT after REFpb to another bank");
  }
  const Cycle oldest = pc.faw[size_t(pc.faw_next)];  // the fourth ACT back
  need_gap(oldest, now, t.nFAW, "tFAW", "fifth ACT in window");
  b.active = true;
  b.row = r.addr.row;
  b.act = g.act = pc.act = now;
  b.rd = b.wr_end = kNone;
  pc.faw[size_t(pc.faw_next)] = now;
  pc.faw_next = (pc.faw_next + 1) % int(pc.faw.size());
}

void ProtocolChecker::check_precharge(const Bank& b, Cycle now, const char* what) {
  const Timing& t = spec_.t;
  need_gap(b.act, now, t.nRAS, "tRAS", what);
  need_gap(b.rd, now, t.nRTP, "tRTP", what);
  need_gap(b.wr_end, now, t.nWR, "tWR", what);
  need_past(b.refresh, now, what);
}

void ProtocolChecker::on_pre(Pc& pc, int bank, Cycle now) {
  Bank& b = pc.banks[size_t(bank)];
  if (!b.active) fail(now, "PRE to closed bank", fmt::format("PRE at cycle {} to a closed bank", now));
  check_precharge(b, now, "PRE");
  need_gap(pc.pre, now, spec_.t.nPPD, "tPPD", "PRE after PRE");
  pc.pre = now;
  if (!b.active) return;
  b.active = false;
  b.idle = {now + Cycle(spec_.t.nRP), "tRP", "PRE", now};
}

// PREA precharges every open bank; a bank whose auto-precharge has not started yet may not be
// precharged early either (the RDA/WRA's own wait still holds).
void ProtocolChecker::on_prea(Pc& pc, Cycle now) {
  need_gap(pc.pre, now, spec_.t.nPPD, "tPPD", "PREA after PRE");
  pc.pre = now;
  for (Bank& b : pc.banks) {
    if (b.active) {
      check_precharge(b, now, "PREA");
      b.active = false;
      b.idle = {now + Cycle(spec_.t.nRP), "tRP", "PREA", now};
    } else {
      need_past(b.precharge_start, now, "PREA");
      need_past(b.refresh, now, "PREA");
    }
  }
}

void ProtocolChecker::on_column(Pc& pc, int bank, const CommandRecord& r) {
  const Timing& t = spec_.t;
  const Cycle now = r.cycle;
  const Command c = r.command;
  const bool rd = is_read(c);
  Bank& b = pc.banks[size_t(bank)];
  Group& g = pc.groups[size_t(r.addr.bank_group)];
  if (!b.active) {
    fail(now, "column command to closed bank", fmt::format("{} at cycle {} to a closed bank", name_of(c), now));
  } else if (b.row != r.addr.row) {
    fail(now, "column command to wrong row",
         fmt::format("{} at cycle {} to row {} while row {} is open", name_of(c), now, r.addr.row, b.row));
  }
  if (r.addr.column < 0 || r.addr.column >= spec_.org.columns) fail(now, "address", "column out of range");
  if (rd) {
    need_gap(b.act, now, t.nRCDRD, "tRCDRD", "RD after ACT");
    need_gap(g.rd, now, t.nCCD_L, "tCCD_L", "RD after RD same bank group");
    need_gap(pc.rd, now, t.nCCD_S, "tCCD_S", "RD after RD");
    need_gap(g.wr_end, now, t.nWTR_L, "tWTR_L", "RD after the end of write data, same bank group");
    need_gap(pc.wr_end, now, t.nWTR_S, "tWTR_S", "RD after the end of write data");
  } else {
    need_gap(b.act, now, t.nRCDWR, "tRCDWR", "WR after ACT");
    need_gap(g.wr, now, t.nCCD_L, "tCCD_L", "WR after WR same bank group");
    need_gap(pc.wr, now, t.nCCD_S, "tCCD_S", "WR after WR");
    need_gap(pc.rd, now, t.nRTW, "tRTW", "WR after RD");
  }
  // The pseudo-channel's data bus carries one burst at a time.
  const Cycle data_start = now + Cycle(rd ? t.nCL : t.nCWL);
  if (data_start < pc.data_free) {
    fail(now, "data bus", fmt::format("{} at cycle {} puts data on the bus at cycle {}, still busy until cycle {}",
                                      name_of(c), now, data_start, pc.data_free));
  }
  pc.data_free = std::max(pc.data_free, data_start + Cycle(t.nBL));
  if (rd) {
    b.rd = g.rd = pc.rd = now;
  } else {
    g.wr = pc.wr = now;
    b.wr_end = g.wr_end = pc.wr_end = data_start + Cycle(t.nBL);
  }
  if (!is_auto_precharge(c) || !b.active) return;
  // The internal precharge starts when both the column rule and tRAS allow it.
  const Cycle by_column = rd ? now + Cycle(t.nRTP) : b.wr_end + Cycle(t.nWR);
  const Cycle by_ras = b.act + Cycle(t.nRAS);
  const bool ras_binds = by_ras > by_column;
  const char* cause = rd ? "RDA" : "WRA";
  b.precharge_start = {ras_binds ? by_ras : by_column, ras_binds ? "tRAS" : (rd ? "tRTP" : "tWR"), cause, now};
  b.idle = {b.precharge_start.at + Cycle(t.nRP), ras_binds ? "tRAS+tRP" : (rd ? "tRTP+tRP" : "tWR+tRP"), cause, now};
  b.active = false;
}

void ProtocolChecker::check_refreshable(const Bank& b, Cycle now, const char* what) {
  need_past(b.idle, now, what);
  need_past(b.refresh, now, what);
  need_gap(b.act, now, spec_.t.nRC, "tRC", what);
}

// Per-bank refresh: the bank idle (precharge complete, tRC since its ACT, its last refresh
// over), and tRREFD / tRRD_S from every ACT or REFpb to another bank of the pseudo-channel.
void ProtocolChecker::on_refpb(Pc& pc, int bank, Cycle now) {
  const Timing& t = spec_.t;
  Bank& b = pc.banks[size_t(bank)];
  if (b.active) fail(now, "REFpb to open bank", fmt::format("REFpb at cycle {} to an open bank", now));
  check_refreshable(b, now, "REFpb");
  for (size_t o = 0; o < pc.banks.size(); ++o) {
    if (int(o) == bank) continue;
    const Bank& other = pc.banks[o];
    need_gap(other.act, now, t.nRRD_S, "tRRD_S", "REFpb after ACT to another bank");
    need_gap(other.act, now, t.nRREFD, "tRREFD", "REFpb after ACT to another bank");
    need_gap(other.refpb, now, t.nRREFD, "tRREFD", "REFpb after REFpb to another bank");
  }
  b.refresh = {now + Cycle(t.nRFCpb), "tRFCpb", "REFpb", now};
  b.refpb = now;
  ++b.refreshes;
  if (b.refreshes == pc.fewest_bank_refreshes + 1) {  // it may have been the last of the fewest
    pc.fewest_bank_refreshes = std::min_element(pc.banks.begin(), pc.banks.end(), [](const Bank& x, const Bank& y) {
                                 return x.refreshes < y.refreshes;
                               })->refreshes;
  }
  on_refresh(pc, now);
}

void ProtocolChecker::on_refab(Pc& pc, Cycle now) {
  bool open_reported = false;
  for (Bank& b : pc.banks) {
    if (b.active && !open_reported) {
      fail(now, "REFab with open bank", fmt::format("REFab at cycle {} while a bank is open", now));
      open_reported = true;
    }
    check_refreshable(b, now, "REFab");
  }
  for (Bank& b : pc.banks) b.refresh = {now + Cycle(spec_.t.nRFCab), "tRFCab", "REFab", now};
  on_refresh(pc, now);
}

void ProtocolChecker::on_refresh(Pc& pc, Cycle now) {
  ++pc.refreshes;
  pc.last_refresh = now;
  pc.overdue_reported = false;
  pc.gap_reported = false;
}

// Refresh postponement, as JEDEC states it for the DDR family and HBM: one refresh falls due
// every interval from cycle 0, at most max_postponed of them may be owed at any cycle (by cycle
// T at least floor(T / interval) - max_postponed refreshes), and no two refreshes of a
// pseudo-channel (nor cycle 0 and its first) are more than (max_postponed + 1) intervals apart.
// The second follows from the first for a controller that never refreshes ahead of time; it is
// checked on its own so that pulled-in refreshes cannot hide a long gap. Per-bank refresh: every
// bank has had at least the pseudo-channel's required number divided by the banks, rounded down,
// so no bank is left out (banks in rotation always meet it).
void ProtocolChecker::check_refresh_due(Pc& pc, int pc_index, Cycle now) {
  if (refresh_ == RefreshPolicy::Off) return;
  const Cycle interval = Cycle(refresh_ == RefreshPolicy::PerBank ? spec_.t.nREFIpb : spec_.t.nREFI);
  const int64_t postponed = spec_.t.max_postponed_refreshes;
  const int64_t required = int64_t(now / interval) - postponed;
  if (int64_t(pc.refreshes) < required && !pc.overdue_reported) {
    fail(now, "refresh overdue",
         fmt::format("pseudo-channel {} has {} refreshes by cycle {}; at least {} are due ({} may be postponed)",
                     pc_index, pc.refreshes, now, required, postponed));
    pc.overdue_reported = true;
  }
  const Cycle longest = Cycle(postponed + 1) * interval;
  if (now - pc.last_refresh > longest && !pc.gap_reported) {
    fail(now, "refresh gap",
         fmt::format("pseudo-channel {} has had no refresh from cycle {} to cycle {}; at most {} cycles ({} intervals) "
                     "may pass",
                     pc_index, pc.last_refresh, now, longest, postponed + 1));
    pc.gap_reported = true;
  }
  if (refresh_ != RefreshPolicy::PerBank || required <= 0) return;
  const int64_t per_bank = required / int64_t(pc.banks.size());
  if (int64_t(pc.fewest_bank_refreshes) >= per_bank) return;  // every bank has its share (the usual case)
  for (size_t b = 0; b < pc.banks.size(); ++b) {
    if (int64_t(pc.banks[b].refreshes) < per_bank) {
      fail(now, "per-bank refresh overdue",
           fmt::format("bank {} of pseudo-channel {} has {} refreshes by cycle {}; at least {} are due", b, pc_index,
                       pc.banks[b].refreshes, now, per_bank));
    }
  }
}

void ProtocolChecker::finish(Cycle end) {
  current_ = -1;
  for (size_t i = 0; i < pcs_.size(); ++i) check_refresh_due(pcs_[i], int(i), end);
}

}  // namespace aimc
