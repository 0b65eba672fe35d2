#include "tb/sim/sampling_check.h"

#include <algorithm>

#include <fmt/format.h>

#include "models/params/config_error.h"

#include "tb/sim/scenario_run.h"
#include "tb/sim/step_extrapolation.h"

namespace aimc {

double check_layer_fraction(double f) { return 2 * f <= 1.0 ? 2 * f : f / 2; }

bool samples_layer_bytes(const Scenario& s) {
  for (const StreamSpec& st : s.traffic.streams) {
    if (is_llm(st.kind) && st.layer_fraction < 1.0) return true;
  }
  return false;
}

namespace {
void stretch_generated_streams(Scenario& s, double stretch) {
  for (StreamSpec& st : s.traffic.streams) {
    if (is_llm(st.kind) || st.kind == StreamKind::Trace) continue;
    if (st.duration_ns > 0) {  // as if the file gave the stretched duration
      st.duration_ns *= stretch;
      st.requests = std::max<uint64_t>(1, requests_over(st.duration_ns, st.rate_gbps, st.request_bytes));
    } else {
      st.requests = std::max<uint64_t>(1, uint64_t(double(st.requests) * stretch));
    }
    st.start_ns *= stretch;
  }
}
}  // namespace

Scenario scaled_sample(const Scenario& s, double factor) {
  Scenario scaled = s;
  for (StreamSpec& st : scaled.traffic.streams) {
    if (!is_llm(st.kind) || st.layer_fraction >= 1.0) continue;
    if (st.layer_fraction * factor > 1.0) {
      throw ConfigError(st.file, st.line, st.field + ".layer_fraction",
                        fmt::format("{:g} x --sample-scale {:g} passes 1 (the whole layer)", st.layer_fraction, factor));
    }
    st.layer_fraction *= factor;
  }
  stretch_generated_streams(scaled, factor);
  scaled.sample_scale *= factor;
  return scaled;
}

SamplingCheck run_sampling_check(const Scenario& s) {
  SamplingCheck check;
  if (!samples_layer_bytes(s)) return check;
  // One scale for all the tenants: the first sampled stream's (every shipped scenario samples one).
  double stretch = 0;
  Scenario other = s;
  for (StreamSpec& st : other.traffic.streams) {
    if (!is_llm(st.kind) || st.layer_fraction >= 1.0) continue;
    const double to = check_layer_fraction(st.layer_fraction);
    if (stretch == 0) stretch = to / st.layer_fraction;
    st.layer_fraction = to;
  }
  stretch_generated_streams(other, stretch);
  check.check_full_step_ns = sampled_full_steps(s, other, run_scenario(other));
  return check;
}

std::map<uint32_t, double> sampled_full_steps(const Scenario& sampled, const Scenario& run, const RunStats& stats) {
  std::map<uint32_t, double> full;
  for (size_t i = 0; i < sampled.traffic.streams.size(); ++i) {
    const StreamSpec& st = sampled.traffic.streams[i];
    if (!is_llm(st.kind) || st.layer_fraction >= 1.0) continue;
    const StepExtrapolation e = extrapolate_steps(stats, run.traffic.streams[i], run.memspec, /*drop_last=*/false);
    if (!e.steps.empty()) full[st.stream_id] = e.full_step_ns;
  }
  return full;
}

}  // namespace aimc
