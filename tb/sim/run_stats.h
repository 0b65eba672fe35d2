// RunStats: everything a run measured, in cycles and counts. Reporters (JSON, text summary)
// derive ns and GB/s from it with the memspec's tCK.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/core/command.h"

namespace aimc {

struct RunStats {
  uint64_t read_requests = 0, write_requests = 0;
  uint64_t read_accesses = 0, write_accesses = 0;
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  std::array<uint64_t, kNumCommands> commands{};
  std::vector<uint64_t> bytes_per_channel;
  std::vector<uint64_t> read_latency_cycles, write_latency_cycles;  // per request, trace arrival -> last data
  Cycle last_done = 0;        // cycle the last data beat moved
  uint64_t stall_cycles = 0;  // cycles the front end waited for queue space
  double wall_s = 0;
};

}  // namespace aimc
