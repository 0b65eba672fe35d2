// ChannelController: one HBM channel, its pseudo-channels and their shared row and column
// command buses. Each step issues at most one column and one row command (the HBM3 dual
// command interface): refresh first, then per bus the ready candidate with the lowest
// priority value. It then computes the next cycle at which anything can happen, so idle
// cycles are skipped. Candidates are cached per bank and recomputed only when the bank
// changes; their ready cycles only when a command went to the same pseudo-channel.
#pragma once

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
  void consider(const Candidate& c, Cycle now) {
    const bool col = is_column(c.cmd);
    Cycle& next = col ? next_column : next_row;
    if (c.ready < next) next = c.ready;
    if (c.ready > now) return;
    Candidate& best = col ? column : row;
    if (!best.valid || (col ? better_column(c, best) : c.priority < best.priority)) best = c;
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
  size_t queued() const;
  const PseudoChannel& pseudo_channel(int p) const { return pcs_[p]; }
  Cycle last_column_cycle() const { return last_column_cycle_; }  // a queue slot was freed then

 private:
  void admit_arrived(Cycle now);
  void update_refresh_blocking(Cycle now);
  void offer_refresh(int p, Cycle now, BusPicks& picks) const;
  bool refresh_preempts(const PseudoChannel& pc, Cycle now) const;
  void rebuild_candidates(int p, Cycle now);
  void offer_accesses(int p, Cycle now, BusPicks& picks);
  void collect(Cycle now, BusPicks& picks);
  void issue(const Candidate& c, Cycle now);
  DramAddress refresh_address(int p, Command cmd) const;

  int channel_;
  int banks_per_group_;
  const Timing& t_;
  TimingChecker& checker_;
  ControllerListener& listener_;
  std::unique_ptr<Scheduler> scheduler_;
  std::vector<PseudoChannel> pcs_;
  // Per pseudo-channel: every bank's candidates in one array, valid for one PseudoChannel::version.
  struct CandidateList {
    uint64_t version = ~uint64_t{0};
    std::vector<Candidate> list;  // ready cycles without the bus
    Cycle min_ready = kNever;     // over the whole list
    Candidate first_column, first_row;  // a candidate with the lowest ready cycle on each bus
  };
  std::vector<CandidateList> candidates_;
  std::vector<int> last_column_bg_;  // per pseudo-channel, for bank-group interleaving
  bool interleave_bank_groups_ = false;
  int reserved_slots_;
  bool refresh_preempts_best_effort_;  // ai_aware knob of that name
  Cycle kv_quiet_cycles_ = 0;          // ai_aware refresh_after_kv_quiet_ns in cycles (0: off)
  Cycle reserve_age_limit_;
  Cycle next_event_ = 0;
  Cycle last_column_cycle_ = kNever;
  std::vector<Access> arriving_;       // enqueued, joining their queues next cycle
  std::vector<int> arriving_per_pc_;   // slots they hold
};

}  // namespace aimc
