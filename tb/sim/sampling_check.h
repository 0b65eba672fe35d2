// The sampling check. An LLM stream that simulates a fraction f of each layer's bytes
// (layer_fraction < 1) extrapolates its whole-model step as step time / f, which also scales the
// step's fixed fill and drain time by 1/f: small fractions overstate the step. The check runs
// the scenario once more on the C++ core with every sampled fraction doubled (halved where that
// would pass 1), and the other generated streams stretched in time alike, so that they overlap
// the same share of the steps. A step's time grows with f as fill + f x streaming time, so its
// growth between the two fractions over their difference is the step without the fill; the gap
// between that and the plain estimate is the reported sampling uncertainty
// (docs/scenario-format.md, "Sampling uncertainty"). Doubling rather than halving: at the
// smallest fractions, half of f rounds the sample's blocks and bursts too coarsely to be linear.
#pragma once

#include <cstdint>
#include <map>

#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {

// The check fraction of a stream sampled at f: 2 f, or f / 2 where 2 f would pass 1.
double check_layer_fraction(double f);

struct SamplingCheck {
  std::map<uint32_t, double> check_step_ns;  // stream id -> mean step time at its check fraction
};

// Whether any LLM stream of the scenario samples its layers' bytes (layer_fraction < 1).
bool samples_layer_bytes(const Scenario& s);

// Runs the scenario at every sampled stream's check fraction; empty when nothing samples.
SamplingCheck run_sampling_check(const Scenario& s);

// The mean step time of each LLM stream of a run, by stream id (complete steps only).
std::map<uint32_t, double> mean_step_ns(const RunStats& stats, const Scenario& s);

}  // namespace aimc
