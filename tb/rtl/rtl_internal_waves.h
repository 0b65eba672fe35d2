// RtlInternalWaves: the Verilated RTL's own signals in a waveform, beside the testbench's.
// The RTL makes public what a verification engineer looks for (the debug-view blocks of
// rtl/aimc_channel_ctrl.sv and rtl/aimc_timing_checker.sv): the scheduler's picks and their
// keys, per pseudo-channel the queue slots and the refresh state with the reason it blocks,
// per bank its state, candidates, keys, timing readiness and timers. This class finds them by
// name in Verilator's scope table of one channel's model and writes each change, under
// `rtl.chNN` (the request's top scope), keeping the design's hierarchy below it with readable scope names:
//   g_view -> sched, g_view_pc[p] -> pcP, g_bank[b] -> bgG_baB, u_timing -> timing
// (and the `_v` suffix of the view copies dropped). Signals named *cmd are written as the
// command's name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/command.h"
#include "models/params/memspec.h"
#include "tb/rtl/rtl_backend.h"
#include "tb/wave/wave_file.h"

class VerilatedContext;

namespace aimc {

class RtlInternalWaves {
 public:
  // Declares, in `request.out`, the public signals of `context`'s model whose scope lies at most
  // `request.depth` levels below the model's top module. Throws std::runtime_error when the
  // model has none (a build without the debug view).
  RtlInternalWaves(const RtlWaveRequest& request, const MemSpec& spec, VerilatedContext& context);

  // Writes what changed, as the signals are during `cycle` (called once per cycle, in order).
  void sample(Cycle cycle);

  size_t signals() const { return signals_.size(); }

 private:
  struct Signal {
    WaveVar var;
    const void* data;
    int bits;
    int storage_bytes;  // 1, 2, 4 or 8
    bool command;       // written as a command name
    uint64_t last = 0;
  };
  uint64_t read(const Signal& s) const;

  WaveFile& out_;
  const MemSpec& spec_;
  Cycle from_, until_;
  bool started_ = false;
  std::vector<Signal> signals_;
};

}  // namespace aimc
