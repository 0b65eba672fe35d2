// AiAwareScheduler: FR-FCFS made aware of AI traffic streams (docs/scheduling.md has the exact
// rules). Every access gets a priority key, lower first:
//   tier  (4 bits): 0 aged (waited >= age_limit), 1 the favoured direction, 2 the other one
//                   (reads are favoured unless the pseudo-channel is draining writes)
//   rank  (4 bits): class_rank of its stream class (0 for aged accesses: they go oldest first)
//   seq  (56 bits): arrival order
// Within a bank, row hits are served before the row is closed (as FR-FCFS), best key first; the
// row closes for a conflict when no hit is queued, when row_hit_cap hits were served while it
// waited, or at once when the conflict is aged and no hit outranks it. Across banks each bus
// issues the ready candidate with the lowest key; on the column bus, among equal tier and rank,
// a command to another bank group than the pseudo-channel's last column command goes first.
#pragma once

#include "models/core/scheduler.h"

namespace aimc {

class AiAwareScheduler : public Scheduler {
 public:
  AiAwareScheduler(const ControllerConfig& cfg, double tCK_ps);
  void bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue, Cycle now) const override;
  void before_step(PseudoChannel& pc, Cycle now) const override;
  bool state_changes(const PseudoChannel& pc) const override { return draining(pc) != pc.write_draining; }
  bool interleave_bank_groups() const override { return cfg_.bank_group_interleave; }

  uint64_t key(const Access& a, Cycle now, bool draining) const;

 private:
  bool draining(const PseudoChannel& pc) const;
  AiAwareConfig cfg_;
  PagePolicy page_policy_;
  int row_hit_cap_;
  Cycle age_limit_;  // cycles
  int write_high_, write_low_;
  Cycle preempt_after_;  // cycles
  Cycle row_hold_;       // best_effort_row_hold_ns in cycles (0: off)
};

}  // namespace aimc
