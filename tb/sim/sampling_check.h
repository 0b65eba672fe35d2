// The sampling check. An LLM stream that simulates a fraction f of each layer's bytes
// (layer_fraction < 1) extrapolates its whole-model step from the sampled steps
// (tb/sim/step_extrapolation.h). The check runs the scenario once more on the C++ core with every
// sampled fraction doubled (halved where that would pass 1), and the other generated streams
// stretched in time alike, so that they overlap the same share of the steps, and extrapolates
// again. The two whole steps' relative gap is the reported sampling uncertainty
// (docs/scenario-format.md, "Sampling uncertainty").
#pragma once

#include <cstdint>
#include <map>

#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {

// The check fraction of a stream sampled at f: 2 f, or f / 2 where 2 f would pass 1.
double check_layer_fraction(double f);

struct SamplingCheck {
  std::map<uint32_t, double> check_full_step_ns;  // stream id -> whole step extrapolated at its check fraction
  // The check's layer_fraction relative to the run's; 0: check_layer_fraction() (the usual check).
  // The --sample-until search checks its answer with the level below, at half the fraction.
  double relative_fraction = 0;
};

// Whether any LLM stream of the scenario samples its layers' bytes (layer_fraction < 1).
bool samples_layer_bytes(const Scenario& s);

// The scenario with every sampled stream's layer_fraction `factor` times as large and the other
// generated streams (tenants) stretched in time alike, so that they overlap the same share of the
// steps (aimc run --sample-scale, and the check run below). Throws ConfigError naming the stream's
// file, line and field when a fraction would pass 1.
Scenario scaled_sample(const Scenario& s, double factor);

// Per LLM stream that samples its layers in `sampled` (stream id), the whole step extrapolated
// from `stats`, a run of `run`: `sampled` with its fractions scaled (a stream scaled up to its
// whole layer is extrapolated all the same). Streams that completed no step are left out.
std::map<uint32_t, double> sampled_full_steps(const Scenario& sampled, const Scenario& run, const RunStats& stats);

// Runs the scenario at every sampled stream's check fraction; empty when nothing samples.
SamplingCheck run_sampling_check(const Scenario& s);

}  // namespace aimc
