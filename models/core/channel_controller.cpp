#include "models/core/channel_controller.h"

#include <algorithm>

namespace aimc {

ChannelController::ChannelController(int channel, const MemSpec& spec, const ControllerConfig& cfg,
                                     TimingChecker& checker, ControllerListener& listener)
    : channel_(channel),
      queue_depth_(cfg.queue_depth),
      banks_per_group_(spec.org.banks_per_group),
      t_(spec.t),
      checker_(checker),
      listener_(listener),
      scheduler_(make_scheduler(cfg, spec.org.banks_per_pc())) {
  for (int p = 0; p < spec.org.pseudo_channels; ++p) {
    pcs_.emplace_back(cfg.refresh, spec.t, spec.org.banks_per_pc());
    pcs_.back().queue.reserve(size_t(cfg.queue_depth));
  }
}

void ChannelController::enqueue(const Access& a, Cycle now) {
  pcs_[a.addr.pseudo_channel].queue.push_back(a);
  next_event_ = std::min(next_event_, now);
}

size_t ChannelController::queued() const {
  size_t n = 0;
  for (const auto& pc : pcs_) n += pc.queue.size();
  return n;
}

void ChannelController::update_refresh_blocking(Cycle now) {
  for (PseudoChannel& pc : pcs_) {
    const bool urgent = pc.refresh.urgent(now);
    const bool per_bank = pc.refresh.policy() == RefreshPolicy::PerBank;
    pc.refresh_blocks_all = urgent && !per_bank;
    pc.refresh_blocked_bank = urgent && per_bank ? pc.refresh.target_bank() : -1;
  }
}

// A refresh is offered when it is urgent, or when it is owed and the banks it needs are idle.
// It outranks every access on the row bus (seq 0).
void ChannelController::offer_refresh(Cycle now, BusPicks& picks) const {
  for (int p = 0; p < int(pcs_.size()); ++p) {
    const PseudoChannel& pc = pcs_[p];
    if (pc.refresh.owed(now) <= 0) continue;
    DramAddress addr;
    addr.channel = channel_;
    addr.pseudo_channel = p;
    Command cmd;
    if (pc.refresh.policy() == RefreshPolicy::PerBank) {
      const int bank = pc.refresh.target_bank();
      const bool idle = std::none_of(pc.queue.begin(), pc.queue.end(),
                                     [&](const Access& a) { return a.bank_id == bank; });
      if (!idle && !pc.refresh.urgent(now)) continue;
      addr.bank_group = bank / banks_per_group_;
      addr.bank = bank % banks_per_group_;
      cmd = pc.banks[bank].open ? Command::PRE : Command::REFpb;
    } else {
      if (!pc.queue.empty() && !pc.refresh.urgent(now)) continue;
      const bool any_open =
          std::any_of(pc.banks.begin(), pc.banks.end(), [](const BankState& b) { return b.open; });
      cmd = any_open ? Command::PREA : Command::REFab;
    }
    picks.consider({true, cmd, p, -1, 0, checker_.earliest(cmd, addr)}, now);
  }
}

void ChannelController::collect(Cycle now, BusPicks& picks) {
  offer_refresh(now, picks);
  scheduler_->collect(pcs_, checker_, now, picks);
}

void ChannelController::step(Cycle now) {
  update_refresh_blocking(now);
  BusPicks picks;
  collect(now, picks);
  bool issued = false;
  if (picks.column.valid) {
    issue(picks.column, now);
    issued = true;
    // The column command changed queues and timing: look at the row bus afresh.
    picks = BusPicks{};
    collect(now, picks);
  }
  if (picks.row.valid) {
    issue(picks.row, now);
    issued = true;
  }
  if (issued) {
    next_event_ = now + 1;
    return;
  }
  Cycle next = std::min(picks.next_column, picks.next_row);
  for (const PseudoChannel& pc : pcs_) next = std::min(next, pc.refresh.next_due(now));
  next_event_ = std::max(next, now + 1);
}

void ChannelController::issue(const Candidate& c, Cycle now) {
  PseudoChannel& pc = pcs_[c.pc];
  DramAddress addr;
  if (c.index >= 0) {
    addr = pc.queue[c.index].addr;
  } else {
    addr.channel = channel_;
    addr.pseudo_channel = c.pc;
    if (c.cmd == Command::PRE || c.cmd == Command::REFpb) {
      const int bank = pc.refresh.target_bank();
      addr.bank_group = bank / banks_per_group_;
      addr.bank = bank % banks_per_group_;
    }
  }
  checker_.issue(c.cmd, addr, now);
  listener_.on_command({now, c.cmd, addr});
  const int bank_id = addr.bank_group * banks_per_group_ + addr.bank;
  BankState& bank = pc.banks[bank_id];
  switch (c.cmd) {
    case Command::ACT:
      bank.open = true;
      bank.row = addr.row;
      bank.hits_served = 0;
      pc.queue[c.index].caused_act = true;
      break;
    case Command::PRE:
      bank.open = false;
      if (c.index >= 0) pc.queue[c.index].caused_pre = true;
      break;
    case Command::PREA:
      for (BankState& b : pc.banks) b.open = false;
      break;
    case Command::REFab:
    case Command::REFpb:
      pc.refresh.on_refresh_issued();
      break;
    case Command::RD:
    case Command::RDA:
    case Command::WR:
    case Command::WRA: {
      ++bank.hits_served;
      if (is_auto_precharge(c.cmd)) bank.open = false;
      const Access& a = pc.queue[c.index];
      const Cycle done = now + Cycle((is_write(c.cmd) ? t_.nCWL : t_.nCL) + t_.nBL);
      const RowOutcome outcome = a.caused_pre ? RowOutcome::Conflict
                                 : a.caused_act ? RowOutcome::Miss
                                                : RowOutcome::Hit;
      listener_.on_access_done(a, outcome, done);
      pc.queue.erase(pc.queue.begin() + c.index);
      break;
    }
  }
}

}  // namespace aimc
