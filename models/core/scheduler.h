// Scheduler: picks, for one channel at one cycle, the best ready column command and the best
// ready row command among the queued accesses of its pseudo-channels, and reports when the
// next candidate on each bus becomes ready (so the controller can jump over idle cycles).
// Refresh commands are not its business (see ChannelController). The exact rules of each
// policy are in docs/scheduling.md.
#pragma once

#include <memory>
#include <vector>

#include "models/core/pseudo_channel.h"
#include "models/core/timing_checker.h"
#include "models/params/controller_config.h"

namespace aimc {

struct Candidate {
  bool valid = false;
  Command cmd = Command::ACT;
  int pc = 0;        // pseudo-channel index within the channel
  int index = -1;    // queue index of the access it serves; -1 for refresh commands
  uint64_t seq = 0;  // priority: lower wins
  Cycle ready = kNever;
};

struct BusPicks {
  Candidate column, row;  // best candidates ready at `now`
  Cycle next_column = kNever, next_row = kNever;  // earliest ready cycle of any candidate

  void consider(const Candidate& c, Cycle now) {
    const bool col = is_column(c.cmd);
    Cycle& next = col ? next_column : next_row;
    if (c.ready < next) next = c.ready;
    Candidate& best = col ? column : row;
    if (c.ready <= now && (!best.valid || c.seq < best.seq)) best = c;
  }
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual void collect(const std::vector<PseudoChannel>& pcs, const TimingChecker& checker,
                       Cycle now, BusPicks& picks) = 0;
};

std::unique_ptr<Scheduler> make_scheduler(const ControllerConfig& cfg, int banks_per_pc);

// Shared by the policies: per-bank tallies of the queue against the open rows, and the column
// command an access needs under the page policy.
class BankTally {
 public:
  explicit BankTally(int banks) : hits_(size_t(banks)), conflict_(size_t(banks)) {}
  void count(const PseudoChannel& pc);
  int hits(int bank) const { return hits_[bank]; }
  bool conflict(int bank) const { return conflict_[bank] != 0; }

 private:
  std::vector<int> hits_;
  std::vector<char> conflict_;
};

// RD/WR, or RDA/WRA when the page policy is closed and no other queued access hits the row.
Command column_command(const Access& a, PagePolicy policy, int queued_hits_to_row);

}  // namespace aimc
