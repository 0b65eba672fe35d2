// compare_backends: plays one scenario through the C++ controller model and through the
// Verilated RTL with the same traffic and testbench, and compares what they did: the command
// streams command for command (cycle, command, channel, pseudo-channel, bank, row, column),
// every request's completion cycle, and bandwidth and mean latency. Each run's commands are
// also answered by the HBM3E device model with its read-data scoreboard (DeviceCheck).
// `aimc compare` prints it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/params/scenario.h"
#include "tb/rtl/compare_coverage.h"
#include "tb/rtl/rtl_backend.h"
#include "tb/sim/run_stats.h"
#include "tb/sim/trace_driver.h"

namespace aimc {

struct BackendRun {
  RunStats stats;
  bool device_passed = false;  // the HBM3E device model: protocol and read data (DeviceCheck)
  std::string device_report;
  uint64_t reads_checked = 0;  // reads whose data the scoreboard checked (through the RTL's data path for the RTL)
  std::vector<CommandRecord> commands;
  std::unordered_map<uint64_t, Cycle> request_done;  // request id -> its last data beat
};

struct Divergence {
  int channel = 0;
  size_t index = 0;                           // position in the channel's command stream
  std::optional<CommandRecord> model, rtl;    // empty: that stream had ended
  std::vector<CommandRecord> before;          // the commands both issued just before, same channel
};

struct BackendComparison {
  std::string scenario, policy, model_name;
  uint64_t max_requests = 0;
  BackendRun model, rtl;
  std::optional<Divergence> first_divergence;
  CompareCoverage coverage;  // of the reference run: what the comparison exercised
  uint64_t requests_compared = 0, requests_differing = 0;
  Cycle max_completion_difference = 0;
  std::optional<uint64_t> first_differing_request;
  bool identical() const {
    return !first_divergence && requests_differing == 0 && model.request_done.size() == rtl.request_done.size();
  }
  // Identical, and both backends' commands pass the device model (protocol and read data).
  bool passed() const { return identical() && model.device_passed && rtl.device_passed; }
};

// Plays a scenario (its first max_requests requests, 0: all) into one controller, reporting
// to the listeners.
using ScenarioRunner =
    std::function<RunStats(const Scenario&, const std::vector<ControllerListener*>&, uint64_t max_requests)>;
// Through the trace driver, into the backend the factory makes (null: the C++ core).
ScenarioRunner driver_runner(const TraceDriver::BackendFactory& backend, const TraceDriver::Progress& progress = nullptr);

// The two controllers compared: the reference model (the "model" side: by default the C++
// core through the trace driver; `aimc compare --reference tlm` the TLM model) and the RTL.
struct BackendPair {
  ScenarioRunner model, rtl;
  // The RTL runner that also dumps one channel's internals (tb/rtl/rtl_internal_waves.h), for
  // the divergence waveform; unset: the divergence waveform has the testbench signals only.
  std::function<ScenarioRunner(const RtlWaveRequest&)> rtl_with_internals;
  std::string model_name = "C++ model";
};
// rtl_threads: as RtlController's `threads`. progress: told the fraction of the traffic played,
// by each run in turn (may be null). Throws RtlNotBuilt in a build without the RTL
// (tb/rtl/rtl_backend.h).
BackendPair default_backends(const Scenario& s, int rtl_threads = 1, const TraceDriver::Progress& progress = nullptr);

// Runs both (max_requests > 0: only the first requests of the traffic). Throws ConfigError
// when the scenario does not fit the RTL (RtlController).
BackendComparison compare_backends(const Scenario& s, uint64_t max_requests);
BackendComparison compare_backends(const Scenario& s, uint64_t max_requests, const BackendPair& backends);

// The cycle of the first divergence: the earlier of the two commands that differ.
Cycle divergence_cycle(const Divergence& d);

// After a mismatch: plays both runs again with waveforms on and writes the cycles
// [divergence - window, divergence + window] of both into one file, `<stem>.fst`, under the
// scopes `model` and `rtl` (the signals of ControllerWaves) with `compare.diverged` high on the
// divergence's cycle; and `<stem>.gtkw`, a GTKWave layout of the diverging channel with both
// backends' signals one under the other and the marker on the divergence. Returns the .gtkw path.
std::string dump_divergence_waves(const Scenario& s, uint64_t max_requests, const BackendPair& backends,
                                  const Divergence& d, const std::string& stem, Cycle window);

// Equal as command-bus contents: fields that do not apply to the command are ignored.
bool same_command(const CommandRecord& a, const CommandRecord& b);
std::string describe_command(const CommandRecord& r, double tCK_ps);
// The human-readable report of `aimc compare`.
std::string format_comparison(const BackendComparison& c, const MemSpec& spec);

}  // namespace aimc
