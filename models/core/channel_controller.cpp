#include "models/core/channel_controller.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aimc {

ChannelController::ChannelController(int channel, const MemSpec& spec, const ControllerConfig& cfg,
                                     TimingChecker& checker, ControllerListener& listener)
    : channel_(channel),
      banks_per_group_(spec.org.banks_per_group),
      t_(spec.t),
      checker_(checker),
      listener_(listener),
      scheduler_(make_scheduler(cfg, spec.tCK_ps)) {
  for (int p = 0; p < spec.org.pseudo_channels; ++p) {
    pcs_.emplace_back(cfg.refresh, spec, spec.org.banks_per_pc(), cfg.queue_depth);
  }
  bank_groups_ = spec.org.bank_groups_per_pc();
  groups_.resize(pcs_.size() * size_t(bank_groups_));
  const size_t group_candidates = size_t(banks_per_group_ * BankQueue::kMaxCandidates);
  for (GroupCandidates& g : groups_) {
    g.row.entries.resize(group_candidates);
    g.column.entries.resize(group_candidates);
  }
  first_.resize(pcs_.size());
  group_mask_ = banks_per_group_ >= 64 ? ~uint64_t{0} : (uint64_t{1} << banks_per_group_) - 1;
  last_column_bg_.assign(pcs_.size(), -1);
  arriving_per_pc_.assign(pcs_.size(), 0);
  interleave_bank_groups_ = scheduler_->interleave_bank_groups();
  reserved_slots_ = cfg.policy == SchedulerPolicy::AiAware ? cfg.ai_aware.reserved_slots : 0;
  refresh_preempts_best_effort_ = cfg.policy == SchedulerPolicy::AiAware && cfg.ai_aware.refresh_preempts_best_effort;
  if (cfg.policy == SchedulerPolicy::AiAware && cfg.ai_aware.refresh_after_kv_quiet_ns > 0) {
    kv_quiet_cycles_ = cycles_covering(cfg.ai_aware.refresh_after_kv_quiet_ns, spec.tCK_ps);
  }
  reserve_age_limit_ = cycles_covering(cfg.ai_aware.age_limit_ns, spec.tCK_ps);
  if (cfg.power_down_after_ns > 0) power_down_cycles_ = cycles_covering(cfg.power_down_after_ns, spec.tCK_ps);
}

void ChannelController::enqueue(const Access& a, Cycle now) {
  arriving_.push_back(a);
  ++queued_;
  ++arriving_per_pc_[size_t(a.addr.pseudo_channel)];
  next_event_ = std::min(next_event_, now + 1);
  listener_.on_access_queued(a, now);
}

void ChannelController::admit_arrived(Cycle now) {
  size_t kept = 0;
  for (const Access& a : arriving_) {
    if (a.arrival <= now) {
      pcs_[a.addr.pseudo_channel].add(a);
      pcs_[a.addr.pseudo_channel].last_busy = now;
      --arriving_per_pc_[size_t(a.addr.pseudo_channel)];
    } else {
      arriving_[kept++] = a;
    }
  }
  arriving_.resize(kept);
}

// The banks a refresh needs take no new work while it is urgent, while it may preempt the
// best-effort accesses they hold, or once its own precharge has gone out; a per-bank one whose
// bank is closed also holds back ACTs to the pseudo-channel's other banks (ACT -> REFpb waits
// tRREFD).
void ChannelController::update_refresh_blocking(Cycle now) {
  for (PseudoChannel& pc : pcs_) {
    const bool closing = pc.refresh_started || pc.refresh.urgent(now) ||
                         ((refresh_preempts_best_effort_ || kv_quiet_cycles_ > 0) && refresh_preempts(pc, now));
    const bool per_bank = pc.refresh.policy() == RefreshPolicy::PerBank;
    const bool blocks_all = closing && !per_bank;
    const int blocked_bank = closing && per_bank ? pc.refresh.target_bank() : -1;
    const bool holds_acts = blocked_bank >= 0 && !pc.banks[size_t(blocked_bank)].open;
    if (blocks_all != pc.refresh_blocks_all || blocked_bank != pc.refresh_blocked_bank ||
        holds_acts != pc.refresh_holds_acts) {
      pc.changed_banks = ~uint64_t{0};  // the candidate lists leave out blocked banks and held ACTs
    }
    pc.refresh_blocks_all = blocks_all;
    pc.refresh_blocked_bank = blocked_bank;
    pc.refresh_holds_acts = holds_acts;
  }
}

DramAddress ChannelController::refresh_address(int p, Command cmd) const {
  DramAddress addr;
  addr.channel = channel_;
  addr.pseudo_channel = p;
  if (!is_pc_wide(cmd)) {
    const int bank = pcs_[p].refresh.target_bank();
    addr.bank_group = bank / banks_per_group_;
    addr.bank = bank % banks_per_group_;
  }
  return addr;
}

// ai_aware: a refresh is owed and either (refresh_preempts_best_effort) the banks it needs hold
// only best-effort accesses (or none), or (refresh_after_kv_quiet_ns) they hold no KV_READ and
// no KV_READ has entered this pseudo-channel's queue for that long.
bool ChannelController::refresh_preempts(const PseudoChannel& pc, Cycle now) const {
  if ((!refresh_preempts_best_effort_ && kv_quiet_cycles_ == 0) || pc.refresh.owed(now) <= 0) return false;
  const bool per_bank = pc.refresh.policy() == RefreshPolicy::PerBank;
  const int bank = pc.refresh.target_bank();
  if (refresh_preempts_best_effort_ && (per_bank ? pc.holds_only_best_effort(bank) : pc.holds_only_best_effort())) {
    return true;
  }
  return kv_quiet_cycles_ > 0 && now >= pc.last_kv_read_arrival + kv_quiet_cycles_ &&
         !(per_bank ? pc.holds_kv_read(bank) : pc.queued_kv_reads() > 0);
}

// The refresh command of pseudo-channel p, offered when wants_refresh() (collect() asks). It
// outranks every access on the row bus (priority 0).
void ChannelController::offer_refresh(int p, Cycle now, BusPicks& picks) const {
  const PseudoChannel& pc = pcs_[p];
  Command cmd;
  if (pc.refresh.policy() == RefreshPolicy::PerBank) {
    cmd = pc.banks[size_t(pc.refresh.target_bank())].open ? Command::PRE : Command::REFpb;
  } else {
    const bool any_open = std::any_of(pc.banks.begin(), pc.banks.end(), [](const BankState& b) { return b.open; });
    cmd = any_open ? Command::PREA : Command::REFab;
  }
  picks.consider({true, cmd, p, -1, 0, checker_.earliest(cmd, refresh_address(p, cmd))}, now);
}

// A powered-down pseudo-channel wakes for an access queued or on its way, or an urgent refresh
// (an owed one waits: power-down is worth more than paying early).
bool ChannelController::wants_wake(int p, Cycle now) const {
  const PseudoChannel& pc = pcs_[p];
  return pc.queued() > 0 || arriving_per_pc_[size_t(p)] > 0 || pc.refresh.urgent(now);
}

// PDX as soon as a powered-down pseudo-channel wants to wake; PDE once it has had nothing queued,
// no refresh owed or under way, and no command or access for power_down_cycles_. Both outrank
// every other row command, as a refresh does.
void ChannelController::offer_power_down(int p, Cycle now, BusPicks& picks) const {
  if (power_down_cycles_ == 0) return;
  const PseudoChannel& pc = pcs_[p];
  Command cmd;
  if (pc.powered_down) {
    if (!wants_wake(p, now)) return;
    cmd = Command::PDX;
  } else {
    if (pc.queued() > 0 || arriving_per_pc_[size_t(p)] > 0 || pc.refresh.owed(now) > 0 || pc.refresh_started) return;
    if (now < pc.last_busy + power_down_cycles_) return;
    cmd = Command::PDE;
  }
  picks.consider({true, cmd, p, -1, 0, checker_.earliest(cmd, refresh_address(p, cmd))}, now);
}

void ChannelController::rebuild_group(int p, int bank_group, Cycle now) {
  PseudoChannel& pc = pcs_[p];
  GroupCandidates& g = group(p, bank_group);
  const TimingChecker::NextCycles& group_rules = checker_.bank_group_ready(channel_, p, bank_group);
  TimingChecker::NextCycles lowest;
  lowest.fill(kNever);
  g.recheck_at = kNever;
  g.row.size = 0;
  g.column.size = 0;
  for (int bank = bank_group * banks_per_group_; bank < (bank_group + 1) * banks_per_group_; ++bank) {
    BankQueue& q = pc.bank_queues[size_t(bank)];
    const bool schedulable = !q.slots.empty() && !pc.blocked(bank);
    if (schedulable && q.candidates_stale) {
      scheduler_->bank_candidates(pc, bank, q, now);
      q.candidates_stale = false;
      q.ready_stale = true;
    }
    g.recheck_at = std::min(g.recheck_at, q.recheck_at);
    if (!schedulable) continue;
    if (q.ready_stale) {
      for (int i = 0; i < q.num_candidates; ++i) {
        BankCandidate& c = q.candidates[size_t(i)];
        c.ready = checker_.bank_ready(c.cmd, pc.access(c.slot).addr);
      }
      q.ready_stale = false;
    }
    for (int i = 0; i < q.num_candidates; ++i) {
      const BankCandidate& c = q.candidates[size_t(i)];
      if (pc.refresh_holds_acts && c.cmd == Command::ACT) continue;
      const size_t k = size_t(index_of(c.cmd));
      Cycle& low = lowest[k];
      low = std::min(low, c.ready);
      // Ties keep the order in which the candidates were once offered (bank, then candidate).
      GroupList& list = is_column(c.cmd) ? g.column : g.row;
      list.insert_by_priority({c.priority, std::max(c.ready, group_rules[k]), c.slot, c.cmd});
    }
  }
  for (size_t c : kAccessCommandIndices) g.first[c] = std::max(lowest[c], group_rules[c]);
}

// Rebuilds the changed bank groups and takes the minima over all groups again.
void ChannelController::refresh_first_cycles(int p, Cycle now) {
  PseudoChannel& pc = pcs_[p];
  FirstCycles& first = first_[size_t(p)];
  // One variable per command rather than an array: the compiler keeps them in registers across
  // the groups.
  constexpr size_t kAct = size_t(index_of(Command::ACT)), kPre = size_t(index_of(Command::PRE)),
                   kRd = size_t(index_of(Command::RD)), kRda = size_t(index_of(Command::RDA)),
                   kWr = size_t(index_of(Command::WR)), kWra = size_t(index_of(Command::WRA));
  Cycle act = kNever, pre = kNever, rd = kNever, rda = kNever, wr = kNever, wra = kNever, recheck = kNever;
  for (int bg = 0; bg < bank_groups_; ++bg) {
    if (pc.changed_banks & (group_mask_ << (bg * banks_per_group_))) rebuild_group(p, bg, now);
    const GroupCandidates& g = group(p, bg);
    act = std::min(act, g.first[kAct]);
    pre = std::min(pre, g.first[kPre]);
    rd = std::min(rd, g.first[kRd]);
    rda = std::min(rda, g.first[kRda]);
    wr = std::min(wr, g.first[kWr]);
    wra = std::min(wra, g.first[kWra]);
    recheck = std::min(recheck, g.recheck_at);
  }
  TimingChecker::NextCycles pc_rules;
  checker_.pseudo_channel_ready(channel_, p, pc_rules);
  auto at = [&](Cycle lowest, size_t c) { return std::max(lowest, pc_rules[c]); };
  first.row = std::min(at(act, kAct), at(pre, kPre));
  first.column = std::min(std::min(at(rd, kRd), at(rda, kRda)), std::min(at(wr, kWr), at(wra, kWra)));
  first.recheck_at = recheck;
  pc.changed_banks = 0;
}

void ChannelController::offer_accesses(int p, Cycle now, bool pick, BusPicks& picks) {
  PseudoChannel& pc = pcs_[p];
  if (pc.powered_down) return;  // offer_power_down wakes it
  if (pc.changed_banks != 0) refresh_first_cycles(p, now);
  const Cycle row_bus = checker_.bus_free(channel_, false);
  const Cycle col_bus = checker_.bus_free(channel_, true);
  const FirstCycles& first = first_[size_t(p)];
  const Cycle next_row = std::max(first.row, row_bus);
  const Cycle next_column = std::max(first.column, col_bus);
  picks.note_ready_at(Command::ACT, next_row);
  picks.note_ready_at(Command::RD, next_column);
  if (!pick || (next_column > now && next_row > now)) return;
  // Per command: the first cycle the pseudo-channel's rules and the bus allow it, and whether
  // that has come. A group has a ready candidate on a bus when, for one of the bus's commands,
  // both it (its `first`) and the common rules are ready: max(first, common) <= now.
  TimingChecker::NextCycles common;
  checker_.pseudo_channel_ready(channel_, p, common);
  for (size_t c : kAccessCommandIndices) common[c] = std::max(common[c], is_column(Command(c)) ? col_bus : row_bus);
  // A bus whose pseudo-channel-wide first cycle has not come has no ready candidate in any group.
  const bool row_possible = next_row <= now, column_possible = next_column <= now;
  auto allowed = [&](Command cmd) { return common[size_t(index_of(cmd))] <= now; };
  const bool act = row_possible && allowed(Command::ACT), pre = row_possible && allowed(Command::PRE),
             rd = column_possible && allowed(Command::RD), rda = column_possible && allowed(Command::RDA),
             wr = column_possible && allowed(Command::WR), wra = column_possible && allowed(Command::WRA);
  const bool any_column = rd || rda || wr || wra;
  for (int bg = 0; bg < bank_groups_; ++bg) {
    const GroupCandidates& g = group(p, bg);
    auto ready_in_group = [&](Command cmd) { return g.first[size_t(index_of(cmd))] <= now; };
    const bool row_ready = (act && ready_in_group(Command::ACT)) || (pre && ready_in_group(Command::PRE));
    const bool column_ready =
        any_column && ((rd && ready_in_group(Command::RD)) || (rda && ready_in_group(Command::RDA)) ||
                       (wr && ready_in_group(Command::WR)) || (wra && ready_in_group(Command::WRA)));
    if (row_ready) offer_first_ready(g.row, common, p, bg, now, picks);
    if (column_ready) offer_first_ready(g.column, common, p, bg, now, picks);
  }
}

// Offers the first entry of a group's list that the common rules allow now: the group's best on
// that bus (the rest of the list ranks below it). The caller knows one is ready.
void ChannelController::offer_first_ready(const GroupList& list, const TimingChecker::NextCycles& common, int p,
                                          int bg, Cycle now, BusPicks& picks) {
  for (int i = 0; i < list.size; ++i) {
    const GroupEntry& e = list.entries[size_t(i)];
    const Cycle ready = std::max(e.ready, common[size_t(index_of(e.cmd))]);
    if (ready > now) continue;
    picks.offer_ready({true, e.cmd, p, e.slot, e.priority, ready, bg});
    return;
  }
}

void ChannelController::collect(Cycle now, bool pick, BusPicks& picks) {
  for (int p = 0; p < int(pcs_.size()); ++p) {
    offer_power_down(p, now, picks);
    if (wants_refresh(pcs_[size_t(p)], now)) offer_refresh(p, now, picks);  // inline: most steps want none
    offer_accesses(p, now, pick, picks);
  }
}

void ChannelController::step(Cycle now) {
  admit_arrived(now);
  for (PseudoChannel& pc : pcs_) scheduler_->before_step(pc, now);
  update_refresh_blocking(now);
  BusPicks picks;
  if (interleave_bank_groups_) picks.last_column_bg = last_column_bg_.data();
  collect(now, /*pick=*/true, picks);
  // Both buses pick from the state at the start of the cycle, as parallel hardware arbiters
  // would. This equals picking the row command after the column command because every rule
  // from a column to a row command binds the same bank only (RD->PRE, WR->PRE, RDA/WRA->ACT,
  // all >= 1 cycle), and no policy offers a row and a column command for one bank at once.
  if (picks.column.valid) issue(picks.column, now);
  if (picks.row.valid) {
    const PseudoChannel& pc = pcs_[picks.row.pc];
    const DramAddress a = picks.row.slot >= 0 ? pc.access(picks.row.slot).addr : refresh_address(picks.row.pc, picks.row.cmd);
    if (!checker_.is_ready(picks.row.cmd, a, now)) {
      throw std::logic_error("row command made illegal by the column command of the same cycle");
    }
    issue(picks.row, now);
  }
  if (picks.column.valid || picks.row.valid) {
    // The next event is found from the state after these commands, refresh blocking included
    // (a column command can leave a bank holding only best effort).
    update_refresh_blocking(now);
    picks = BusPicks{};
    if (interleave_bank_groups_) picks.last_column_bg = last_column_bg_.data();
    collect(now, /*pick=*/false, picks);
  }
  Cycle next = std::min(picks.next_column, picks.next_row);
  if (!arriving_.empty()) next = now + 1;
  for (const PseudoChannel& pc : pcs_) {
    next = std::min(next, pc.refresh.next_due(now));
    // A column command that ends a write drain takes effect next cycle (the RTL's drain register).
    if (scheduler_->state_changes(pc)) next = now + 1;
    // ai_aware: an access crossing the age limit changes keys (and may close a row at once),
    // so that cycle is an event too. (Found by the RTL equivalence test.) So is a bank's recheck.
    if (pc.aging_limit != kNever && pc.next_aging > now) next = std::min(next, pc.next_aging);
    // refresh_after_kv_quiet_ns: the cycle an owed refresh's KV_READ pause becomes long enough.
    if (kv_quiet_cycles_ > 0 && pc.refresh.owed(now) > 0 && pc.last_kv_read_arrival + kv_quiet_cycles_ > now) {
      next = std::min(next, pc.last_kv_read_arrival + kv_quiet_cycles_);
    }
    // Power-down: the cycle an idle pseudo-channel has been idle long enough.
    if (power_down_cycles_ > 0 && !pc.powered_down && pc.last_busy + power_down_cycles_ > now) {
      next = std::min(next, pc.last_busy + power_down_cycles_);
    }
  }
  // Every bank group was brought up to date by the collect above, after before_step() cleared
  // the rechecks that fell due: what is left lies in the future.
  for (const FirstCycles& first : first_) next = std::min(next, first.recheck_at);
  next_event_ = std::max(next, now + 1);
}

void ChannelController::issue(const Candidate& c, Cycle now) {
  PseudoChannel& pc = pcs_[c.pc];
  const DramAddress addr = c.slot >= 0 ? pc.access(c.slot).addr : refresh_address(c.pc, c.cmd);
  checker_.issue(c.cmd, addr, now);
  const int bank_id = addr.bank_group * banks_per_group_ + addr.bank;
  if (is_pc_wide(c.cmd)) {
    pc.mark_all_banks_timing_changed();
  } else {
    pc.mark_bank_timing_changed(bank_id);
  }
  listener_.on_command({now, c.cmd, addr, c.slot >= 0 ? pc.access(c.slot).request_id : kNoRequest});
  pc.last_busy = now;
  BankState& bank = pc.banks[bank_id];
  switch (c.cmd) {
    case Command::PDE:
      pc.powered_down = true;
      break;
    case Command::PDX:
      pc.powered_down = false;
      break;
    case Command::ACT:
      pc.open_row(bank_id, addr.row);
      pc.access(c.slot).caused_act = true;
      pc.mark_bank_changed(bank_id);
      break;
    case Command::PRE:
      bank.open = false;
      if (c.slot >= 0) pc.access(c.slot).caused_pre = true;
      if (c.slot < 0) pc.refresh_started = true;
      pc.mark_bank_changed(bank_id);
      break;
    case Command::PREA:  // only a refresh precharges all
      for (BankState& b : pc.banks) b.open = false;
      pc.refresh_started = true;
      pc.mark_all_banks_changed();
      break;
    case Command::REFab:
    case Command::REFpb:
      pc.refresh.on_refresh_issued();
      pc.refresh_started = false;
      break;
    case Command::RD:
    case Command::RDA:
    case Command::WR:
    case Command::WRA: {
      ++bank.hits_served;
      bank.last_column = now;
      last_column_cycle_ = now;
      last_column_bg_[size_t(c.pc)] = addr.bank_group;
      if (is_auto_precharge(c.cmd)) bank.open = false;
      const Access& a = pc.access(c.slot);
      const Cycle done = now + Cycle((is_write(c.cmd) ? t_.nCWL : t_.nCL) + t_.nBL);
      const RowOutcome outcome = a.caused_pre ? RowOutcome::Conflict
                                 : a.caused_act ? RowOutcome::Miss
                                                : RowOutcome::Hit;
      listener_.on_access_done(a, outcome, done);
      pc.remove(c.slot);
      --queued_;
      break;
    }
  }
}

}  // namespace aimc
