// TimingChecker: the one place that knows when a command is legal in time. Asked
// earliest(cmd, addr) -> first legal cycle; told issue(cmd, addr, cycle). It keeps, per bank,
// bank group and pseudo-channel, the earliest cycle of every command, the last four ACTs of
// each pseudo-channel (tFAW) and the two command buses of each channel (one row and one column
// command per cycle, shared by the channel's pseudo-channels). Bank state (open rows) is not
// its business: the controller keeps that.
#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "models/core/command.h"
#include "models/core/timing_rules.h"
#include "models/params/memspec.h"

namespace aimc {

class TimingChecker {
 public:
  explicit TimingChecker(const MemSpec& spec);

  Cycle earliest(Command cmd, const DramAddress& a) const {
    return std::max(timing_ready(cmd, a), bus_free(a.channel, is_column(cmd)));
  }
  // The two parts of earliest(): the bank/group/pseudo-channel rules (changed only by commands
  // to the same pseudo-channel) and the channel's command bus (changed by any command on it).
  Cycle timing_ready(Command cmd, const DramAddress& a) const;
  // timing_ready() of a one-bank command, split in three: the bank's own rules (changed only by
  // commands to that bank or the whole pseudo-channel), its bank group's, and its
  // pseudo-channel's. The controller caches the first per bank and reads the others when it picks.
  using NextCycles = std::array<Cycle, kNumCommands>;  // a cycle per command, by index_of()
  Cycle bank_ready(Command cmd, const DramAddress& a) const { return bank_next_[bank_index(a)][index_of(cmd)]; }
  // The rest of timing_ready() for a one-bank command: the rules of its bank group, and those of
  // its pseudo-channel as a whole (pseudo-channel scope and tFAW), per command.
  const NextCycles& bank_group_ready(int channel, int pseudo_channel, int bank_group) const {
    return bg_next_[size_t(channel * pcs_ + pseudo_channel) * bank_groups_ + bank_group];
  }
  void pseudo_channel_ready(int channel, int pseudo_channel, NextCycles& out) const {
    const int pc = channel * pcs_ + pseudo_channel;
    out = pc_next_[size_t(pc)];
    Cycle& act = out[size_t(index_of(Command::ACT))];
    act = std::max(act, faw_ready(pc));
  }
  Cycle bus_free(int channel, bool column) const { return column ? col_bus_free_[channel] : row_bus_free_[channel]; }
  bool is_ready(Command cmd, const DramAddress& a, Cycle now) const { return earliest(cmd, a) <= now; }
  // Records an issued command. The caller guarantees earliest(cmd, a) <= now.
  void issue(Command cmd, const DramAddress& a, Cycle now);

 private:
  int pc_index(const DramAddress& a) const { return a.channel * pcs_ + a.pseudo_channel; }
  int bg_index(const DramAddress& a) const { return pc_index(a) * bank_groups_ + a.bank_group; }
  int bank_index(const DramAddress& a) const { return bg_index(a) * banks_per_group_ + a.bank; }
  // The cycle a fifth ACT may follow the pseudo-channel's last four (tFAW).
  Cycle faw_ready(int pc) const {
    return act_count_[pc] >= kFawActs ? last_acts_[pc][act_count_[pc] % kFawActs] + Cycle(nFAW_) : 0;
  }
  static void raise(NextCycles& n, Command to, Cycle at) {
    Cycle& slot = n[index_of(to)];
    if (at > slot) slot = at;
  }

  int pcs_, bank_groups_, banks_per_group_;
  int nFAW_, nACT_CMD_;
  // The timing rules by issuing command and scope, as (later command, latency) pairs.
  struct Raise {
    Command to;
    int latency;
  };
  static constexpr int kNumScopes = 3;
  std::array<std::array<std::vector<Raise>, kNumScopes>, kNumCommands> raises_;
  void raise_all(NextCycles& n, const std::vector<Raise>& raises, Cycle now) const {
    for (const Raise& r : raises) raise(n, r.to, now + Cycle(r.latency));
  }
  std::vector<NextCycles> bank_next_, bg_next_, pc_next_;
  static constexpr int kFawActs = 4;  // tFAW: a window holds at most four ACTs (JEDEC definition)
  std::vector<std::array<Cycle, kFawActs>> last_acts_;  // ring of the last ACT cycles per PC
  std::vector<int> act_count_;                   // ACTs issued per PC (ring fill and position)
  std::vector<Cycle> row_bus_free_, col_bus_free_;
};

}  // namespace aimc
