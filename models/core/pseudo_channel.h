// PseudoChannel: the queue, bank states and refresh bookkeeping of one 32-bit pseudo-channel.
// Queued accesses live in a fixed pool of slots; each bank keeps the slots of its accesses in
// arrival order plus a cache of the commands it could issue next (see ChannelController).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/core/access.h"
#include "models/core/refresh_manager.h"

namespace aimc {

// A command one bank could issue next, on behalf of the access in `slot` (-1: refresh).
struct BankCandidate {
  Command cmd = Command::ACT;
  int slot = -1;
  uint64_t priority = 0;  // lower wins; the access's arrival order for FCFS-family policies
  Cycle ready = 0;        // cached timing-legal cycle, bus not included
};

struct BankQueue {
  static constexpr int kMaxCandidates = 3;  // one read hit, one write hit, one row command

  std::vector<int> slots;  // queued accesses of this bank, oldest first
  int writes = 0;          // of them, writes (with none, no access waits for another)
  int open_row_accesses = 0;  // of them, those to the bank's open row (kept while it is open)
  bool candidates_stale = true;
  // Cycle at which the candidates change with no event of this bank (ai_aware: its best
  // conflict has then waited preempt_after and closes the row); the channel wakes and marks the
  // bank stale then.
  Cycle recheck_at = kNever;
  bool ready_stale = true;  // a command went to this bank: the candidates' ready cycles expire
  int num_candidates = 0;
  std::array<BankCandidate, kMaxCandidates> candidates;
};

class PseudoChannel {
 public:
  PseudoChannel(RefreshPolicy policy, const MemSpec& spec, int num_banks, int queue_depth);

  bool full() const { return free_slots_.empty(); }
  int free_slots() const { return int(free_slots_.size()); }
  int queued() const { return int(slots_.size() - free_slots_.size()); }
  int queued_writes() const { return queued_writes_; }
  int queued_best_effort() const { return queued_best_effort_; }
  bool holds_only_best_effort() const { return queued() == queued_best_effort_; }
  bool holds_only_best_effort(int bank_id) const {
    return !any_queued(bank_id, [](StreamClass c) { return c != StreamClass::BEST_EFFORT; });
  }
  int queued_kv_reads() const { return queued_kv_reads_; }
  bool holds_kv_read(int bank_id) const {
    return any_queued(bank_id, [](StreamClass c) { return c == StreamClass::KV_READ; });
  }
  int add(const Access& a);                  // returns the slot
  // The bank opens `row` (its ACT): the bank's state, and its count of queued accesses to it.
  void open_row(int bank_id, int64_t row);
  void remove(int slot);                     // after the access's column command
  const Access& access(int slot) const { return slots_[size_t(slot)]; }
  Access& access(int slot) { return slots_[size_t(slot)]; }

  std::vector<BankState> banks;
  std::vector<BankQueue> bank_queues;
  RefreshManager refresh;
  // Banks whose bank group's summary expires (bit per bank): set by any change to the bank's
  // queue, state, candidates or timing, cleared by the controller when it rebuilds.
  uint64_t changed_banks = ~uint64_t{0};
  // Set by the channel before each scheduling pass: banks a refresh has closed to work (urgent,
  // or ai_aware's refresh_preempts_best_effort or refresh_after_kv_quiet_ns).
  bool refresh_blocks_all = false;
  int refresh_blocked_bank = -1;
  // A closing per-bank refresh whose bank is precharged also holds back ACTs to the other
  // banks: each one would push the REFpb out by tRREFD, and a stream of them starves it.
  bool refresh_holds_acts = false;
  // A refresh's own PRE / PREA went out: the banks it needs take no new work until its REF
  // follows. Without this, an access arriving during the precharge reopened a bank and the
  // refresh started over, again and again, closing the rows of a light stream for nothing.
  bool refresh_started = false;
  // Power-down (controller.power_down_after_ns): between its PDE and its PDX, and the last cycle
  // it issued a command or took an access (it may power down power_down_after_ns later).
  bool powered_down = false;
  Cycle last_busy = 0;
  // Policy state kept by the ai_aware scheduler (Scheduler::before_step).
  bool write_draining = false;
  Cycle next_aging = 0;  // first cycle at which a queued access crosses the age limit
  Cycle aging_limit = kNever;
  Cycle last_model_blocked = kNever;  // last cycle a non-BEST_EFFORT access found the queue full
  Cycle last_kv_read_arrival = 0;     // arrival of the latest KV_READ queued here (0: none yet)

  bool blocked(int bank_id) const { return refresh_blocks_all || bank_id == refresh_blocked_bank; }
  static constexpr int kMaxBanks = 64;  // changed_banks has one bit per bank
  void mark_bank_changed(int bank_id) {
    bank_queues[size_t(bank_id)].candidates_stale = true;
    changed_banks |= uint64_t{1} << bank_id;
  }
  void mark_all_banks_changed() {
    for (BankQueue& q : bank_queues) q.candidates_stale = true;
    changed_banks = ~uint64_t{0};
  }
  // A command went to the bank (or, for a pseudo-channel-wide one, to every bank).
  void mark_bank_timing_changed(int bank_id) {
    bank_queues[size_t(bank_id)].ready_stale = true;
    changed_banks |= uint64_t{1} << bank_id;
  }
  void mark_all_banks_timing_changed() {
    for (BankQueue& q : bank_queues) q.ready_stale = true;
    changed_banks = ~uint64_t{0};
  }

 private:
  // Whether an access queued at the bank has a class for which is_class(class) holds.
  template <typename Pred>
  bool any_queued(int bank_id, Pred is_class) const {
    for (int slot : bank_queues[size_t(bank_id)].slots) {
      if (is_class(slots_[size_t(slot)].stream_class)) return true;
    }
    return false;
  }

  std::vector<Access> slots_;
  std::vector<int> free_slots_;
  int queued_writes_ = 0;
  int queued_best_effort_ = 0;
  int queued_kv_reads_ = 0;
};

}  // namespace aimc
