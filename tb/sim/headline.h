// Headline: the figures of one run that its readers compare (compare-policies tables, sweep
// tables), read back from its stats JSON. nullopt where the run has no such traffic.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace aimc {

// The decode's own figures (its bandwidth over its active span, its steps, its tokens/s bound)
// are what a policy changes; the total bandwidth also counts tenants that run on after it.
struct Headline {
  double gbps = 0;
  std::optional<double> decode_gbps, kv_p99, step_ns, tokens_s, be_p99, pj_per_bit, mj_per_token;
  // The largest sampling uncertainty of the run's LLM streams, in %; none when the run made no
  // sampling check (compare-policies without --sampling-check, sweeps without sampling_check).
  std::optional<double> sampling_pct;
  double max_ns = 0, row_hit = 0;
  std::optional<double> tccd_l;  // column commands that waited for tCCD_L; none in lt mode (no commands)
};

Headline headline(const nlohmann::json& stats);

}  // namespace aimc
