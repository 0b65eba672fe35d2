// PowerTrace: the stack's power over time, for the waveform. It adds up the energy of the
// commands issued (docs/energy.md) and the background of each pseudo-channel (active standby
// while a row is open, precharged standby otherwise) over windows of a fixed length, and gives
// each window's average power when the window has passed.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/command.h"
#include "models/params/memspec.h"

namespace aimc {

class PowerTrace {
 public:
  PowerTrace(const MemSpec& spec, Cycle window);
  void on_command(const CommandRecord& r);
  // The end of the oldest window not yet reported, and its average power in mW, if that window
  // ends at or before `upto`.
  bool next_window(Cycle upto, Cycle& end, uint64_t& milliwatts);

 private:
  struct Pc {
    int open_banks = 0;
    bool powered_down = false;  // between PDE and PDX
    Cycle since = 0;  // background counted up to here
  };
  void add_background(Pc& pc, Cycle upto);

  MemSpec spec_;
  Cycle window_;
  Cycle window_start_ = 0;
  double energy_pj_ = 0;  // in the current window
  std::vector<Pc> pcs_;
};

}  // namespace aimc
