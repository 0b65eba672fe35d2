// GTKWave save files (.gtkw) for the signals ControllerWaves dumps: one channel's command
// buses, then per pseudo-channel its queues, data bus and (in a collapsed group) its banks.
// With several scopes (`aimc compare`: model and rtl) every signal appears once per scope,
// one under the other, so that a difference stands out in place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/params/memspec.h"

namespace aimc {

struct GtkwLayout {
  std::string dump_file;            // empty: GTKWave asks, or takes the file from its command line
  std::vector<std::string> scopes;  // top scopes, e.g. {"aimc"} or {"model", "rtl"}
  int channel = 0;
  uint64_t start_ps = 0;              // left edge of the view
  std::optional<uint64_t> marker_ps;  // the primary marker, e.g. at a divergence
  std::vector<std::string> extra_signals;  // full names shown first (e.g. "compare.diverged")
  // The RTL's own signals in the dump (`--wave-rtl`): full names and bits (0: text), in the
  // design's order; shown after the command buses, the banks' and timers' in closed groups.
  std::vector<std::pair<std::string, int>> rtl_internals;
};

std::string gtkw_layout(const MemSpec& spec, const GtkwLayout& layout);

}  // namespace aimc
