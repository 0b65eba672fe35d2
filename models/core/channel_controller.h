// ChannelController: one HBM channel, its pseudo-channels and their shared row and column
// command buses. Each step issues at most one column and one row command (the HBM3 dual
// command interface): refresh first, then per bus the ready candidate with the lowest
// priority value. It then computes the next cycle at which anything can happen, so idle
// cycles are skipped. Candidates are cached per bank and recomputed only when the bank
// changes; their ready cycles hold the bank's own timing rules and are recomputed only when a
// command went to that bank. Each bank group keeps per-command minima of those with its own
// rules, and its candidates per bus in priority order; the pseudo-channel's rules and the buses
// are applied to the minima when picking. So a command or a queued access costs a rebuild of its
// own bank group only.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/core/pseudo_channel.h"
#include "models/core/scheduler.h"
#include "models/core/timing_checker.h"

namespace aimc {

struct Candidate {
  bool valid = false;
  Command cmd = Command::ACT;
  int pc = 0;        // pseudo-channel index within the channel
  int slot = -1;     // queue slot of the access it serves; -1 for refresh commands
  uint64_t priority = 0;
  Cycle ready = kNever;
  int bank_group = -1;
};

// The best ready candidate of each bus, and when the next one on each bus becomes ready.
// With last_column_bg set (bank-group interleaving), a column candidate whose tier and rank
// equal the best's wins if it goes to another bank group than its pseudo-channel's last column
// command while the best does not.
struct BusPicks {
  Candidate column, row;
  Cycle next_column = kNever, next_row = kNever;
  const int* last_column_bg = nullptr;  // per pseudo-channel

  bool better_column(const Candidate& c, const Candidate& best) const {
    if (last_column_bg != nullptr && (c.priority >> kRankShift) == (best.priority >> kRankShift)) {
      const bool c_same = c.bank_group == last_column_bg[c.pc];
      const bool best_same = best.bank_group == last_column_bg[best.pc];
      if (c_same != best_same) return !c_same;
    }
    return c.priority < best.priority;
  }
  void note_ready_at(Command cmd, Cycle ready) {
    Cycle& next = is_column(cmd) ? next_column : next_row;
    if (ready < next) next = ready;
  }
  // A candidate ready now: it becomes its bus's pick if it beats the present one.
  void offer_ready(const Candidate& c) {
    const bool col = is_column(c.cmd);
    Candidate& best = col ? column : row;
    if (!best.valid || (col ? better_column(c, best) : c.priority < best.priority)) best = c;
  }
  void consider(const Candidate& c, Cycle now) {
    note_ready_at(c.cmd, c.ready);
    if (c.ready <= now) offer_ready(c);
  }
};

class ChannelController {
 public:
  ChannelController(int channel, const MemSpec& spec, const ControllerConfig& cfg,
                    TimingChecker& checker, ControllerListener& listener);

  // The front end reports a model-traffic access that found its queue full.
  void note_blocked(int pseudo_channel, StreamClass cls, Cycle now) {
    if (cls != StreamClass::BEST_EFFORT) pcs_[pseudo_channel].last_model_blocked = now;
  }
  // A slot is free. Under ai_aware, best-effort traffic also leaves a reserve of slots free for
  // age_limit cycles after model traffic last found this queue full, unless the request itself
  // has waited the age limit (so the aging bound covers admission too).
  bool can_accept(int pseudo_channel, StreamClass cls, Cycle arrival, Cycle now) const {
    const PseudoChannel& pc = pcs_[pseudo_channel];
    const int free = pc.free_slots() - arriving_per_pc_[size_t(pseudo_channel)];
    const bool keep_reserve = cls == StreamClass::BEST_EFFORT && reserved_slots_ > 0 &&
                              now - arrival < reserve_age_limit_ && pc.last_model_blocked != kNever &&
                              now - pc.last_model_blocked < reserve_age_limit_;
    return free > (keep_reserve ? reserved_slots_ : 0);
  }
  // Takes a slot at once; the access joins its queue (schedulable) from the next cycle, as a
  // request registered at a clock edge does in hardware. Set a.arrival = now + 1.
  void enqueue(const Access& a, Cycle now);
  // Issues what is legal at `now`. Call only when now >= next_event().
  void step(Cycle now);
  Cycle next_event() const { return next_event_; }
  size_t queued() const { return queued_; }
  const PseudoChannel& pseudo_channel(int p) const { return pcs_[p]; }
  Cycle last_column_cycle() const { return last_column_cycle_; }  // a queue slot was freed then

 private:
  void admit_arrived(Cycle now);
  void update_refresh_blocking(Cycle now);
  void offer_refresh(int p, Cycle now, BusPicks& picks) const;  // when wants_refresh()
  // A refresh is offered when it is owed and either the banks it needs hold no access, or it is
  // urgent or may preempt the best-effort accesses they hold: update_refresh_blocking, run just
  // before every collect(), found it so and blocked those banks.
  static bool wants_refresh(const PseudoChannel& pc, Cycle now) {
    if (pc.powered_down || pc.refresh.owed(now) <= 0) return false;
    if (pc.refresh_blocks_all || pc.refresh_blocked_bank >= 0) return true;
    if (pc.refresh.policy() == RefreshPolicy::PerBank) return pc.bank_queues[size_t(pc.refresh.target_bank())].slots.empty();
    return pc.queued() == 0;
  }
  // Power-down: PDE once a pseudo-channel has been idle power_down_cycles_, PDX when work comes.
  void offer_power_down(int p, Cycle now, BusPicks& picks) const;
  bool wants_wake(int p, Cycle now) const;
  bool refresh_preempts(const PseudoChannel& pc, Cycle now) const;
  void rebuild_group(int p, int bank_group, Cycle now);
  void refresh_first_cycles(int p, Cycle now);
  // The index_of() of the commands an access can need.
  static constexpr std::array<size_t, 6> kAccessCommandIndices = {
      size_t(index_of(Command::ACT)), size_t(index_of(Command::PRE)), size_t(index_of(Command::RD)),
      size_t(index_of(Command::RDA)), size_t(index_of(Command::WR)),  size_t(index_of(Command::WRA))};
  void offer_accesses(int p, Cycle now, bool pick, BusPicks& picks);
  // Finds when each bus next has a ready candidate; with `pick`, also the best one ready now.
  void collect(Cycle now, bool pick, BusPicks& picks);
  void issue(const Candidate& c, Cycle now);
  DramAddress refresh_address(int p, Command cmd) const;

  int channel_;
  int banks_per_group_;
  const Timing& t_;
  TimingChecker& checker_;
  ControllerListener& listener_;
  std::unique_ptr<Scheduler> scheduler_;
  std::vector<PseudoChannel> pcs_;
  // Per (pseudo-channel, bank group): per command, the first cycle its banks' candidates could
  // go by their own rules and the bank group's (kNever: no such candidate). Rebuilt when a bit of
  // PseudoChannel::changed_banks for one of its banks is set; the bank-group rules only change by
  // a command to one of its banks, which sets that bit. The pseudo-channel's rules and the buses
  // are left out: they are common to all candidates of a command, and max(x, common) is
  // monotone in x, so they are applied to the minima when the controller picks.
  // Also its schedulable candidates per bus, by priority (ties in bank and candidate order, the
  // order they were once offered in), each ready by its bank's and bank group's rules. Within a
  // bank group the first of a bus's list whose command the common rules allow now is the group's
  // best (better_column() departs from priority order only across bank groups), so a pick reads
  // one entry per group and bus instead of every bank's candidates.
  struct GroupEntry {
    uint64_t priority;
    Cycle ready;
    int slot;
    Command cmd;
  };
  // A bus's entries of one bank group: the first `size` of `entries`, whose length is fixed at
  // construction to all its banks' candidates. A rebuild fills it by insertion, which took 2 % of
  // the instructions off random traffic against std::vector's clear and insert.
  struct GroupList {
    std::vector<GroupEntry> entries;
    int size = 0;
    void insert_by_priority(const GroupEntry& e) {  // after every entry of equal priority
      int i = size++;
      for (; i > 0 && entries[size_t(i - 1)].priority > e.priority; --i) entries[size_t(i)] = entries[size_t(i - 1)];
      entries[size_t(i)] = e;
    }
  };
  struct GroupCandidates {
    TimingChecker::NextCycles first{};
    Cycle recheck_at = kNever;  // the earliest BankQueue::recheck_at of its banks
    GroupList row, column;
  };
  static void offer_first_ready(const GroupList& list, const TimingChecker::NextCycles& common, int p, int bg,
                                Cycle now, BusPicks& picks);
  // Per pseudo-channel: the first cycle a candidate could go on each bus by every rule but the
  // bus; valid while PseudoChannel::changed_banks is 0 (a command to the pseudo-channel, the
  // only thing that moves its rules, sets a bit).
  struct FirstCycles {
    Cycle row = kNever, column = kNever;
    Cycle recheck_at = kNever;  // the earliest BankQueue::recheck_at of its banks
  };
  GroupCandidates& group(int p, int bank_group) { return groups_[size_t(p * bank_groups_ + bank_group)]; }
  std::vector<GroupCandidates> groups_;
  std::vector<FirstCycles> first_;
  int bank_groups_;
  uint64_t group_mask_;  // changed_banks bits of bank group 0
  std::vector<int> last_column_bg_;  // per pseudo-channel, for bank-group interleaving
  bool interleave_bank_groups_ = false;
  int reserved_slots_;
  bool refresh_preempts_best_effort_;  // ai_aware knob of that name
  Cycle kv_quiet_cycles_ = 0;          // ai_aware refresh_after_kv_quiet_ns in cycles (0: off)
  Cycle power_down_cycles_ = 0;        // controller.power_down_after_ns in cycles (0: off)
  Cycle reserve_age_limit_;
  Cycle next_event_ = 0;
  Cycle last_column_cycle_ = kNever;
  std::vector<Access> arriving_;       // enqueued, joining their queues next cycle
  std::vector<int> arriving_per_pc_;   // slots they hold
  size_t queued_ = 0;                  // accesses arriving or in a queue
};

}  // namespace aimc
