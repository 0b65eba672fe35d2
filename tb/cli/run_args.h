// RunArgs: the options of `aimc run` (and of `aimc compare`, which shares most of them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tb/tlm/tlm_run.h"

namespace aimc {

struct RunArgs {
  std::string scenario, memspec, trace, trace_format, policy, page_policy, refresh;
  int queue_depth = 0, row_hit_cap = 0;
  bool xor_bank_hash = false, check = false, no_progress = false, quiet = false;
  bool no_sampling_check = false;  // skip the second, half-fraction run of sampled LLM streams
  bool tlm_socket = false;  // drive the backend through the TLM-2.0 target instead of the trace driver
  std::string tlm_mode = to_string(TlmRunOptions{}.mode);  // at | exact | lt
  double quantum_ns = TlmRunOptions{}.quantum_ns;          // lt: the global quantum
  bool tlm_mode_given = false, quantum_given = false;      // on the command line
  std::string cmd_trace, stats, backend = "model", wave;
  std::string arrivals_trace;  // every request as it reached the front end, as a native trace
  std::string reference = "model";  // aimc compare: the model the RTL is checked against
  uint64_t max_requests = 0;
  double wave_from_ns = 0, wave_until_ns = -1;  // -1: to the end
  double wave_power_ns = 100;                     // power_mw's averaging window
  int wave_channel = 0;
  int wave_rtl = 0;  // --wave-rtl depth; 0: the testbench signals only
  bool rtl_no_idle_skip = false;
  int rtl_threads = 0;                     // threads clocking the RTL's channels (0: one per usable CPU)
  std::string wave_dir = "compare-waves";  // aimc compare: where mismatch waveforms go ("" = none)
  int64_t wave_window = 400;               // aimc compare: cycles kept each side of the divergence
  std::vector<std::string> sets;           // --set PATH=VALUE, written over the scenario file
  int seed_offset = 0;                     // added to every generated stream's seed
  double sample_scale = 1;                 // sampled layer fractions x this, tenants stretched alike
  double sample_until_pct = 0;             // > 0: search the sample scale until three in a row agree this closely
  double sample_until_max = 64;            // the largest scale that search may run
  double timeseries_ns = 0;                // > 0: record time series in windows of this many ns
  std::string command_line;                // as typed, for the stats JSON
  std::string from_stats;                  // --from-stats: replay the run that wrote this stats JSON
};

}  // namespace aimc
