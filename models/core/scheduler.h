// Scheduler: a policy says, for one bank, which of its queued accesses may go next and with
// which command (at most a read hit, a write hit and one row command), and with what priority.
// The ChannelController does the rest the same way for every policy: it caches these
// candidates until the bank changes, adds the timing checker's ready cycle, and on each bus
// issues the ready candidate with the lowest priority value. The exact rules of each policy
// are in docs/controller.md.
#pragma once

#include <memory>

#include "models/core/pseudo_channel.h"
#include "models/params/controller_config.h"

namespace aimc {

// Priority keys, lower wins. FCFS-family policies use the arrival number alone; ai_aware puts a
// tier and a class rank above it. Refresh uses 0 and outranks every access (seq starts at 1).
inline constexpr int kTierShift = 60;
inline constexpr int kRankShift = 56;
inline constexpr uint64_t kSeqMask = (uint64_t{1} << kRankShift) - 1;
inline constexpr uint64_t key_tier(uint64_t key) { return key >> kTierShift; }
inline constexpr uint64_t key_rank(uint64_t key) { return (key >> kRankShift) & 0xF; }

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Fills queue.candidates / queue.num_candidates for `bank` of `pc` (whose queue is non-empty).
  // Candidates stay cached until the bank changes or the policy marks banks changed.
  virtual void bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle now) const = 0;
  // Called for each pseudo-channel at the start of every step, before candidates are used: a
  // policy whose priorities change with time updates its state here and marks banks changed.
  virtual void before_step(PseudoChannel& /*pc*/, Cycle /*now*/) const {}
  // True when before_step() would change the pseudo-channel's policy state now (the next
  // cycle must then be stepped, as hardware re-evaluates it every cycle).
  virtual bool state_changes(const PseudoChannel& /*pc*/) const { return false; }
  // Column-bus tie-break on bank groups (ai_aware): true when equal-rank candidates should
  // prefer another bank group than the pseudo-channel's last column command.
  virtual bool interleave_bank_groups() const { return false; }
};

std::unique_ptr<Scheduler> make_scheduler(const ControllerConfig& cfg, double tCK_ps);

// RD/WR, or RDA/WRA when the page policy is closed and no other queued access hits the row.
Command column_command(const Access& a, PagePolicy policy, int queued_hits_to_row);

}  // namespace aimc
