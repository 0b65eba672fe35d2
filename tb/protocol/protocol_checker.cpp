#include "tb/protocol/protocol_checker.h"

#include <fmt/format.h>

namespace aimc {

ProtocolChecker::ProtocolChecker(const MemSpec& spec, RefreshPolicy refresh) : spec_(spec), refresh_(refresh) {
  Pc pc;
  pc.banks.resize(size_t(spec.org.banks_per_pc()));
  pc.groups.resize(size_t(spec.org.bank_groups));
  pcs_.assign(size_t(spec.org.channels * spec.org.pseudo_channels), pc);
  channels_.resize(size_t(spec.org.channels));
}

void ProtocolChecker::fail(Cycle at, const std::string& rule, const std::string& message) {
  violations_.push_back({at, rule, message});
}

void ProtocolChecker::need_gap(Cycle earlier, Cycle later, int gap, const char* rule, const char* what) {
  if (earlier == kNone) return;
  if (later < earlier + Cycle(gap)) {
    fail(later, rule, fmt::format("{} at cycle {} is {} cycles after cycle {}; {} needs {}", what, later,
                                  later - earlier, earlier, rule, gap));
  }
}

void ProtocolChecker::check(const CommandRecord& r) {
  ++checked_;
  if (r.cycle < last_) fail(r.cycle, "order", fmt::format("command at cycle {} after cycle {}", r.cycle, last_));
  last_ = r.cycle;
  const auto& o = spec_.org;
  if (r.addr.channel < 0 || r.addr.channel >= o.channels || r.addr.pseudo_channel < 0 ||
      r.addr.pseudo_channel >= o.pseudo_channels) {
    fail(r.cycle, "address", "channel or pseudo-channel out of range");
    return;
  }
  const bool banked = r.command != Command::PREA && r.command != Command::REFab;
  if (banked && (r.addr.bank_group < 0 || r.addr.bank_group >= o.bank_groups || r.addr.bank < 0 ||
                 r.addr.bank >= o.banks_per_group)) {
    fail(r.cycle, "address", "bank group or bank out of range");
    return;
  }
  const int pc_index = r.addr.channel * o.pseudo_channels + r.addr.pseudo_channel;
  Pc& pc = pcs_[pc_index];
  check_bus(channels_[r.addr.channel], r);
  check_bank_rules(pc, r);
  update(pc, r);
  check_refresh_due(pc, pc_index, r.cycle);
}

void ProtocolChecker::check_bus(Chan& ch, const CommandRecord& r) {
  if (is_column(r.command)) {
    if (ch.col_cmd != kNone && r.cycle == ch.col_cmd) {
      fail(r.cycle, "column bus", fmt::format("two column commands on channel {} in cycle {}", r.addr.channel, r.cycle));
    }
    ch.col_cmd = r.cycle;
  } else {
    if (ch.row_cmd != kNone && r.cycle < ch.row_cmd + Cycle(ch.row_cmd_cycles)) {
      fail(r.cycle, "row bus", fmt::format("row command on channel {} at cycle {} while the row bus is busy "
                                           "until cycle {}", r.addr.channel, r.cycle, ch.row_cmd + Cycle(ch.row_cmd_cycles)));
    }
    ch.row_cmd = r.cycle;
    ch.row_cmd_cycles = r.command == Command::ACT ? spec_.t.nACT_CMD : 1;
  }
}

void ProtocolChecker::check_bank_rules(Pc& pc, const CommandRecord& r) {
  const Timing& t = spec_.t;
  const Cycle now = r.cycle;
  const int wr_end = t.nCWL + t.nBL;  // write data finishes this long after WR
  const Command c = r.command;
  if (c == Command::PREA || c == Command::REFab) {
    for (Bank& b : pc.banks) {
      if (c == Command::REFab && b.open) fail(now, "REFab with open bank", "REFab while a bank is open");
      need_gap(b.act, now, t.nRAS, "tRAS", c == Command::PREA ? "PREA" : "REFab");
      need_gap(b.rd, now, t.nRTP, "tRTP", "PREA after RD");
      need_gap(b.wr, now, wr_end + t.nWR, "tWR", "PREA after WR");
      if (c == Command::REFab) {
        need_gap(b.pre, now, t.nRP, "tRP", "REFab after PRE");
        need_gap(b.rda, now, t.nRTP + t.nRP, "tRTP+tRP", "REFab after RDA");
        need_gap(b.wra, now, wr_end + t.nWR + t.nRP, "tWR+tRP", "REFab after WRA");
        need_gap(b.refpb, now, t.nRFCpb, "tRFCpb", "REFab after REFpb");
      }
    }
    if (c == Command::PREA) need_gap(pc.pre, now, t.nPPD, "tPPD", "PREA after PRE");
    if (c == Command::REFab) need_gap(pc.refab, now, t.nRFCab, "tRFCab", "REFab after REFab");
    return;
  }
  Bank& b = pc.banks[size_t(r.addr.bank_group * spec_.org.banks_per_group + r.addr.bank)];
  Group& g = pc.groups[size_t(r.addr.bank_group)];
  switch (c) {
    case Command::ACT: {
      if (r.addr.row < 0 || r.addr.row >= spec_.org.rows) fail(now, "address", "row out of range");
      if (b.open) fail(now, "ACT to open bank", fmt::format("ACT at cycle {} to a bank with row {} open", now, b.row));
      need_gap(b.act, now, t.nRC, "tRC", "ACT after ACT same bank");
      need_gap(b.pre, now, t.nRP, "tRP", "ACT after PRE");
      need_gap(b.rda, now, t.nRTP + t.nRP, "tRTP+tRP", "ACT after RDA");
      need_gap(b.wra, now, wr_end + t.nWR + t.nRP, "tWR+tRP", "ACT after WRA");
      need_gap(b.refpb, now, t.nRFCpb, "tRFCpb", "ACT after REFpb same bank");
      need_gap(g.act, now, t.nRRD_L, "tRRD_L", "ACT after ACT same bank group");
      const Cycle last_act_any = pc.acts.empty() ? kNone : pc.acts.back();
      need_gap(last_act_any, now, t.nRRD_S, "tRRD_S", "ACT after ACT");
      need_gap(pc.refab, now, t.nRFCab, "tRFCab", "ACT after REFab");
      need_gap(pc.refpb, now, t.nRREFD, "tRREFD", "ACT after REFpb");
      if (pc.acts.size() >= 4) need_gap(pc.acts[pc.acts.size() - 4], now, t.nFAW, "tFAW", "fifth ACT in window");
      break;
    }
    case Command::PRE:
      if (!b.open) fail(now, "PRE to closed bank", fmt::format("PRE at cycle {} to a closed bank", now));
      need_gap(b.act, now, t.nRAS, "tRAS", "PRE after ACT");
      need_gap(b.rd, now, t.nRTP, "tRTP", "PRE after RD");
      need_gap(b.wr, now, wr_end + t.nWR, "tWR", "PRE after WR");
      need_gap(pc.pre, now, t.nPPD, "tPPD", "PRE after PRE");
      break;
    case Command::RD:
    case Command::RDA:
    case Command::WR:
    case Command::WRA: {
      const bool rd = is_read(c);
      if (!b.open) {
        fail(now, "column command to closed bank", fmt::format("{} at cycle {} to a closed bank", name_of(c), now));
      } else if (b.row != r.addr.row) {
        fail(now, "column command to wrong row",
             fmt::format("{} at cycle {} to row {} while row {} is open", name_of(c), now, r.addr.row, b.row));
      }
      if (r.addr.column < 0 || r.addr.column >= spec_.org.columns) fail(now, "address", "column out of range");
      need_gap(b.act, now, rd ? t.nRCDRD : t.nRCDWR, rd ? "tRCDRD" : "tRCDWR", rd ? "RD after ACT" : "WR after ACT");
      if (rd) {
        need_gap(g.rd, now, t.nCCD_L, "tCCD_L", "RD after RD same bank group");
        need_gap(pc.rd, now, t.nCCD_S, "tCCD_S", "RD after RD");
        need_gap(g.wr, now, wr_end + t.nWTR_L, "tWTR_L", "RD after WR same bank group");
        need_gap(pc.wr, now, wr_end + t.nWTR_S, "tWTR_S", "RD after WR");
      } else {
        need_gap(g.wr, now, t.nCCD_L, "tCCD_L", "WR after WR same bank group");
        need_gap(pc.wr, now, t.nCCD_S, "tCCD_S", "WR after WR");
        need_gap(pc.rd, now, t.nRTW, "tRTW", "WR after RD");
      }
      break;
    }
    case Command::REFpb:
      if (b.open) fail(now, "REFpb to open bank", fmt::format("REFpb at cycle {} to an open bank", now));
      need_gap(b.pre, now, t.nRP, "tRP", "REFpb after PRE");
      need_gap(b.rda, now, t.nRTP + t.nRP, "tRTP+tRP", "REFpb after RDA");
      need_gap(b.wra, now, wr_end + t.nWR + t.nRP, "tWR+tRP", "REFpb after WRA");
      need_gap(b.refpb, now, t.nRFCpb, "tRFCpb", "REFpb after REFpb same bank");
      need_gap(pc.refpb, now, t.nRREFD, "tRREFD", "REFpb after REFpb");
      need_gap(pc.refab, now, t.nRFCab, "tRFCab", "REFpb after REFab");
      break;
    default:
      break;
  }
}

void ProtocolChecker::update(Pc& pc, const CommandRecord& r) {
  const Cycle now = r.cycle;
  switch (r.command) {
    case Command::PREA:
      for (Bank& b : pc.banks) {
        if (b.open) b.pre = now;
        b.open = false;
      }
      pc.pre = now;
      return;
    case Command::REFab:
      pc.refab = now;
      ++pc.refreshes;
      return;
    default:
      break;
  }
  Bank& b = pc.banks[size_t(r.addr.bank_group * spec_.org.banks_per_group + r.addr.bank)];
  Group& g = pc.groups[size_t(r.addr.bank_group)];
  switch (r.command) {
    case Command::ACT:
      b.open = true;
      b.row = r.addr.row;
      b.act = now;
      g.act = now;
      pc.acts.push_back(now);
      if (pc.acts.size() > 8) pc.acts.erase(pc.acts.begin(), pc.acts.end() - 4);
      break;
    case Command::PRE:
      b.open = false;
      b.pre = now;
      pc.pre = now;
      break;
    case Command::RD:
    case Command::RDA:
      (r.command == Command::RD ? b.rd : b.rda) = now;
      g.rd = now;
      pc.rd = now;
      if (r.command == Command::RDA) b.open = false;
      break;
    case Command::WR:
    case Command::WRA:
      (r.command == Command::WR ? b.wr : b.wra) = now;
      g.wr = now;
      pc.wr = now;
      if (r.command == Command::WRA) b.open = false;
      break;
    case Command::REFpb:
      b.refpb = now;
      pc.refpb = now;
      ++pc.refreshes;
      ++b.refreshes;
      break;
    default:
      break;
  }
}

// Refresh obligation: by cycle T a pseudo-channel has had at least floor(T / interval) -
// (max_postponed + 1) refreshes; the controller may owe max_postponed and is then given one
// interval to pay the next. Per-bank refresh: every bank has had at least that number divided
// by the banks, rounded down, so no bank is left out (banks in rotation always meet it).
void ProtocolChecker::check_refresh_due(const Pc& pc, int pc_index, Cycle now) {
  if (refresh_ == RefreshPolicy::Off) return;
  const Cycle interval = Cycle(refresh_ == RefreshPolicy::PerBank ? spec_.t.nREFIpb : spec_.t.nREFI);
  const int64_t required = int64_t(now / interval) - (spec_.t.max_postponed_refreshes + 1);
  if (int64_t(pc.refreshes) < required) {
    fail(now, "refresh overdue", fmt::format("pseudo-channel {} has {} refreshes by cycle {}; at least {} are due",
                                             pc_index, pc.refreshes, now, required));
  }
  if (refresh_ != RefreshPolicy::PerBank || required <= 0) return;
  const int64_t per_bank = required / int64_t(pc.banks.size());
  for (size_t b = 0; b < pc.banks.size(); ++b) {
    if (int64_t(pc.banks[b].refreshes) < per_bank) {
      fail(now, "per-bank refresh overdue",
           fmt::format("bank {} of pseudo-channel {} has {} refreshes by cycle {}; at least {} are due", b, pc_index,
                       pc.banks[b].refreshes, now, per_bank));
    }
  }
}

void ProtocolChecker::finish(Cycle end) {
  for (size_t i = 0; i < pcs_.size(); ++i) check_refresh_due(pcs_[i], int(i), end);
}

}  // namespace aimc
