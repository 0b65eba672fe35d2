// RunStats: everything a run measured, in cycles and counts. Reporters (JSON, text summary)
// derive ns and GB/s from it with the memspec's tCK.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "models/core/command.h"
#include "models/params/stream_class.h"

namespace aimc {

// A unit of work (a decode step): from its first request's arrival to its last request's data.
struct GroupSpan {
  Cycle first_arrival = 0, last_done = 0;
};

struct RunStats {
  uint64_t read_requests = 0, write_requests = 0;
  uint64_t read_accesses = 0, write_accesses = 0;
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  std::array<uint64_t, kNumCommands> commands{};
  std::vector<uint64_t> bytes_per_channel;
  std::vector<uint64_t> read_latency_cycles, write_latency_cycles;  // per request, trace arrival -> last data
  std::array<std::vector<uint64_t>, kNumStreamClasses> class_latency_cycles;  // per request, by stream class
  std::map<uint64_t, GroupSpan> groups;                                      // by group tag
  // Consecutive column commands of one pseudo-channel: bank-group switches, and same-group
  // pairs that waited past tCCD_S (bounded by tCCD_L) with the cycles they lost.
  uint64_t bank_group_switches = 0, tccd_l_stalls = 0, tccd_l_stall_cycles = 0;
  Cycle last_done = 0;        // cycle the last data beat moved
  uint64_t stall_cycles = 0;  // cycles the front end waited for queue space
  double wall_s = 0;
};

}  // namespace aimc
