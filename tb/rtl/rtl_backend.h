// rtl_backend: the Verilated RTL (RtlController) as a backend factory, the one way the CLI and
// the backend comparison reach the RTL. A build configured with -DAIMC_BUILD_RTL=OFF has no
// RTL: there rtl_backend() throws RtlNotBuilt, which the CLI reports as bad input (exit 2).
#pragma once

#include <stdexcept>
#include <string>

#include "models/core/controller_backend.h"
#include "tb/wave/wave_file.h"

namespace aimc {

class RtlNotBuilt : public std::runtime_error {
 public:
  RtlNotBuilt()
      : std::runtime_error("the rtl backend is not built in this binary (configured with -DAIMC_BUILD_RTL=OFF)") {}
};

// What `aimc run --backend rtl --wave F --wave-rtl N` asks of the RTL backend: one channel's
// internals (tb/rtl/rtl_internal_waves.h) into a waveform.
struct RtlWaveRequest {
  WaveFile* out = nullptr;  // null: no internals
  std::string top = "rtl";  // the top scope of the signals
  int channel = 0;
  int depth = 0;  // 1: picks and per pseudo-channel state; 2: + every bank; 3: + the banks' timers
  Cycle from = 0, until = kNever;  // the cycles written, [from, until)
};

// Makes RtlControllers; `origin` and `threads` as RtlController's. With `internals` (its out
// set), the controller also dumps that channel's RTL internals (tb/rtl/rtl_internal_waves.h).
// `idle_skip`: cover idle spans in one clock edge (RtlController::next_event); same results.
BackendFactory rtl_backend(const std::string& origin, int threads = 1, const RtlWaveRequest* internals = nullptr,
                           bool idle_skip = true);

}  // namespace aimc
