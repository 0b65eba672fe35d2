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

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Fills queue.candidates / queue.num_candidates for `bank` of `pc` (whose queue is non-empty).
  virtual void bank_candidates(const PseudoChannel& pc, int bank, BankQueue& queue) const = 0;
};

std::unique_ptr<Scheduler> make_scheduler(const ControllerConfig& cfg);

// RD/WR, or RDA/WRA when the page policy is closed and no other queued access hits the row.
Command column_command(const Access& a, PagePolicy policy, int queued_hits_to_row);

}  // namespace aimc
