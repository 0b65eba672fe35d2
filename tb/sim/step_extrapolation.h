// Whole-model step times from a sampled LLM stream. A stream that simulates simulate_layers of
// the model's layers at layer_fraction f of their bytes runs steps that are a fill (the first
// data comes back a latency after the first request), a streaming body and a drain. The whole
// step has the same fill and drain once, and a body `scale` = layers / simulate_layers / f times
// as long. So the whole step is the sampled step plus the bytes it did not simulate, moved at the
// rate the sampled steps sustained between 10 % and 90 % of their bytes (their steady rate).
// Scaling the whole sampled step by `scale` instead (the "plain" estimate) counts the fill and
// drain `scale` times: a quarter too slow at f = 0.001 on the Llama-3-8B decode
// (docs/benchmarks.md, "Sampling against a whole step").
#pragma once

#include <vector>

#include "models/params/memspec.h"
#include "models/params/traffic_spec.h"
#include "tb/sim/run_stats.h"

namespace aimc {

struct StepExtrapolation {
  size_t steps_seen = 0;           // steps with a request done, the partial one included
  std::vector<Cycle> steps;        // each complete step's time, in order
  double scale = 1;                // layers / simulate_layers / layer_fraction
  double mean_step_ns = 0;
  double plain_full_step_ns = 0;   // mean step x scale
  double steady_GBps = 0;          // 0: the steps were too short to have a steady part
  double full_step_ns = 0;         // mean step + the bytes not simulated at the steady rate
};

// The steps of stream `st` in `stats` (leaving out the last one when `drop_last`, as a run cut
// short ends inside it) and the whole-model step extrapolated from them.
StepExtrapolation extrapolate_steps(const RunStats& stats, const StreamSpec& st, const MemSpec& m, bool drop_last);

}  // namespace aimc
