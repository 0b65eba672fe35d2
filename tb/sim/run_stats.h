// RunStats: everything a run measured, in cycles and counts. Reporters (JSON, text summary)
// derive ns and GB/s from it with the memspec's tCK.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/core/command.h"
#include "models/params/stream_class.h"
#include "tb/sim/completion_profile.h"

namespace aimc {

// A unit of work (a decode step): from its first request's arrival to its last request's data,
// and when its bytes arrived (cycles after `origin`, the arrival of the first request reported).
struct GroupSpan {
  Cycle first_arrival = 0, last_done = 0;
  Cycle origin = 0;
  CompletionProfile delivered;
};

// What one traffic stream (a tenant: a trace's stream id, a scenario stream) got: per request,
// arrival -> last data, by [stream class][is_write], 32 bits (up to 1.7 s) so a long run keeps
// 4 bytes per request; the bytes its accesses moved and the span it was active.
struct StreamTotals {
  std::array<std::array<std::vector<uint32_t>, 2>, kNumStreamClasses> latency_cycles;
  uint64_t bytes = 0;
  uint64_t read_accesses = 0, write_accesses = 0, activations = 0;  // its energy (docs/energy.md)
  Cycle first_arrival = kNever, last_done = 0;
};

// What the energy model needs beyond the command counts: per pseudo-channel, the cycles spent in
// each background state (a row open or every bank closed; in standby or powered down), and the
// accesses of each class.
enum BackgroundState { kActiveStandby, kPrechargedStandby, kActivePowerDown, kPrechargedPowerDown, kNumBackgroundStates };
inline BackgroundState background_state(int open_banks, bool powered_down) {
  return BackgroundState((powered_down ? kActivePowerDown : kActiveStandby) + (open_banks > 0 ? 0 : 1));
}
struct BankTime {
  int open_banks = 0;         // after the last row command
  bool powered_down = false;  // between a PDE and its PDX
  Cycle since = 0;            // the cycle of the last change
  std::array<Cycle, kNumBackgroundStates> cycles{};  // up to `since`, by BackgroundState

  BackgroundState state() const { return background_state(open_banks, powered_down); }
  // Moves to cycle `at`, counting the time since the last change in the state held.
  void advance(Cycle at) {
    if (at > since) cycles[size_t(state())] += at - since;
    since = std::max(since, at);
  }
};
struct EnergyCounts {
  std::vector<BankTime> pcs;  // per channel * pseudo-channels + pseudo-channel
  bool bank_state_seen = false;  // false without a command stream (lt): background as precharged
  std::array<std::array<uint64_t, 2>, kNumStreamClasses> accesses{};  // [class][is_write]
  std::array<uint64_t, kNumStreamClasses> activations{};
};

// How a run through the TLM target went (absent from runs of the trace driver).
struct TlmRunInfo {
  std::string mode;           // at | exact | lt; empty: not a TLM run
  double quantum_ns = 0;      // lt: the global quantum
  uint64_t late_admissions = 0;  // lt: requests that arrived behind the core's time
  uint64_t late_cycles = 0;      // lt: their total lateness
  uint64_t early_answers = 0;       // lt: requests answered before the time booked for them
  uint64_t early_answer_cycles = 0; // lt: by how much in total
  uint64_t held_back = 0;        // exact: requests the initiator held at its limit of threads
};

struct RunStats {
  uint64_t read_requests = 0, write_requests = 0;
  uint64_t read_accesses = 0, write_accesses = 0;
  uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  std::array<uint64_t, kNumCommands> commands{};
  std::vector<uint64_t> bytes_per_channel;
  std::map<uint32_t, StreamTotals> streams;  // by stream id
  std::map<uint64_t, GroupSpan> groups;                                      // by group tag
  std::vector<Cycle> refresh_cycles;  // when each REFab and REFpb went, in order (step extrapolation)
  // Consecutive column commands of one pseudo-channel: bank-group switches, and same-group
  // pairs that waited past tCCD_S (bounded by tCCD_L) with the cycles they lost.
  uint64_t bank_group_switches = 0, tccd_l_stalls = 0, tccd_l_stall_cycles = 0;
  Cycle last_done = 0;        // cycle the last data beat moved
  uint64_t truncated_after = 0;  // --max-requests cut the traffic short after this many requests (0: it ran whole)
  uint64_t stall_cycles = 0;  // cycles the front end waited for queue space
  double wall_s = 0;
  TlmRunInfo tlm;
  EnergyCounts energy;

  // All request latencies of one direction (reads or writes), of one class, or of one stream.
  std::vector<uint32_t> latencies_of_direction(bool is_write) const {
    std::vector<uint32_t> out;
    for (const auto& [id, st] : streams) {
      for (const auto& by_dir : st.latency_cycles) append(out, by_dir[is_write]);
    }
    return out;
  }
  std::vector<uint32_t> latencies_of_class(StreamClass c) const {
    std::vector<uint32_t> out;
    for (const auto& [id, st] : streams) {
      for (const auto& v : st.latency_cycles[size_t(c)]) append(out, v);
    }
    return out;
  }
  static std::vector<uint32_t> latencies_of_stream(const StreamTotals& st) {
    std::vector<uint32_t> out;
    for (const auto& by_dir : st.latency_cycles) {
      for (const auto& v : by_dir) append(out, v);
    }
    return out;
  }
  uint64_t completed_requests() const { return read_requests + write_requests; }

 private:
  static void append(std::vector<uint32_t>& to, const std::vector<uint32_t>& from) {
    to.insert(to.end(), from.begin(), from.end());
  }
};

}  // namespace aimc
