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
  Cycle bus_free(int channel, bool column) const { return column ? col_bus_free_[channel] : row_bus_free_[channel]; }
  bool is_ready(Command cmd, const DramAddress& a, Cycle now) const { return earliest(cmd, a) <= now; }
  // Records an issued command. The caller guarantees earliest(cmd, a) <= now.
  void issue(Command cmd, const DramAddress& a, Cycle now);

 private:
  using NextCycles = std::array<Cycle, kNumCommands>;
  int pc_index(const DramAddress& a) const { return a.channel * pcs_ + a.pseudo_channel; }
  int bg_index(const DramAddress& a) const { return pc_index(a) * bank_groups_ + a.bank_group; }
  int bank_index(const DramAddress& a) const { return bg_index(a) * banks_per_group_ + a.bank; }
  static void raise(NextCycles& n, Command to, Cycle at) {
    Cycle& slot = n[index_of(to)];
    if (at > slot) slot = at;
  }

  int pcs_, bank_groups_, banks_per_group_;
  int nFAW_, nACT_CMD_;
  std::array<std::vector<TimingRule>, kNumCommands> rules_by_from_;
  std::vector<NextCycles> bank_next_, bg_next_, pc_next_;
  static constexpr int kFawActs = 4;  // tFAW: a window holds at most four ACTs (JEDEC definition)
  std::vector<std::array<Cycle, kFawActs>> last_acts_;  // ring of the last ACT cycles per PC
  std::vector<int> act_count_;                   // ACTs issued per PC (ring fill and position)
  std::vector<Cycle> row_bus_free_, col_bus_free_;
};

}  // namespace aimc
