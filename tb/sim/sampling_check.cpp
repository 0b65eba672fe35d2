#include "tb/sim/sampling_check.h"

#include <algorithm>

#include "tb/sim/scenario_run.h"

namespace aimc {

namespace {
bool is_llm(const StreamSpec& st) {
  return st.kind == StreamKind::LlmDecode || st.kind == StreamKind::LlmPrefill || st.kind == StreamKind::Training;
}
}  // namespace

double check_layer_fraction(double f) { return 2 * f <= 1.0 ? 2 * f : f / 2; }

bool samples_layer_bytes(const Scenario& s) {
  for (const StreamSpec& st : s.traffic.streams) {
    if (is_llm(st) && st.layer_fraction < 1.0) return true;
  }
  return false;
}

std::map<uint32_t, double> mean_step_ns(const RunStats& stats, const Scenario& s) {
  std::map<uint32_t, double> sum;
  std::map<uint32_t, int> count;
  for (const auto& [group, span] : stats.groups) {
    const auto id = uint32_t(group >> 32);
    sum[id] += double(span.last_done - span.first_arrival) * s.memspec.tCK_ps / 1000.0;
    ++count[id];
  }
  std::map<uint32_t, double> mean;
  for (const auto& [id, total] : sum) mean[id] = total / count[id];
  return mean;
}

SamplingCheck run_sampling_check(const Scenario& s) {
  SamplingCheck check;
  if (!samples_layer_bytes(s)) return check;
  // The other generated streams (tenants) are stretched in time as the sampled ones are, so
  // that they overlap the same share of the steps. One scale for all: the first sampled
  // stream's (every shipped scenario samples one).
  double stretch = 0;
  Scenario other = s;
  for (StreamSpec& st : other.traffic.streams) {
    if (!is_llm(st) || st.layer_fraction >= 1.0) continue;
    const double to = check_layer_fraction(st.layer_fraction);
    if (stretch == 0) stretch = to / st.layer_fraction;
    st.layer_fraction = to;
  }
  for (StreamSpec& st : other.traffic.streams) {
    if (is_llm(st) || st.kind == StreamKind::Trace) continue;
    st.requests = std::max<uint64_t>(1, uint64_t(double(st.requests) * stretch));
    st.duration_ns *= stretch;
    st.start_ns *= stretch;
  }
  const std::map<uint32_t, double> steps = mean_step_ns(run_scenario(other), other);
  for (const StreamSpec& st : s.traffic.streams) {
    if (!is_llm(st) || st.layer_fraction >= 1.0) continue;
    if (auto it = steps.find(st.stream_id); it != steps.end()) check.check_step_ns[st.stream_id] = it->second;
  }
  return check;
}

}  // namespace aimc
