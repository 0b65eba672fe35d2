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
  // Per request, arrival -> last data, by [stream class][is_write]; 32 bits (up to 1.7 s) so
  // a long run keeps 4 bytes per request.
  std::array<std::array<std::vector<uint32_t>, 2>, kNumStreamClasses> latency_cycles;
  std::map<uint64_t, GroupSpan> groups;                                      // by group tag
  // Consecutive column commands of one pseudo-channel: bank-group switches, and same-group
  // pairs that waited past tCCD_S (bounded by tCCD_L) with the cycles they lost.
  uint64_t bank_group_switches = 0, tccd_l_stalls = 0, tccd_l_stall_cycles = 0;
  Cycle last_done = 0;        // cycle the last data beat moved
  uint64_t stall_cycles = 0;  // cycles the front end waited for queue space
  double wall_s = 0;

  // All latencies of one direction (reads or writes), or of one class.
  std::vector<uint32_t> latencies_of_direction(bool is_write) const {
    std::vector<uint32_t> out;
    for (const auto& by_dir : latency_cycles) out.insert(out.end(), by_dir[is_write].begin(), by_dir[is_write].end());
    return out;
  }
  std::vector<uint32_t> latencies_of_class(StreamClass c) const {
    const auto& by_dir = latency_cycles[size_t(c)];
    std::vector<uint32_t> out(by_dir[0]);
    out.insert(out.end(), by_dir[1].begin(), by_dir[1].end());
    return out;
  }
  uint64_t completed_requests() const { return read_requests + write_requests; }
};

}  // namespace aimc
