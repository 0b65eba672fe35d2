#include "tb/sim/sampling_check.h"

#include <algorithm>

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

SamplingCheck run_sampling_check(const Scenario& s) {
  SamplingCheck check;
  if (!samples_layer_bytes(s)) return check;
  // The other generated streams (tenants) are stretched in time as the sampled ones are, so
  // that they overlap the same share of the steps. One scale for all: the first sampled
  // stream's (every shipped scenario samples one).
  double stretch = 0;
  Scenario other = s;
  for (StreamSpec& st : other.traffic.streams) {
    if (!is_llm(st.kind) || st.layer_fraction >= 1.0) continue;
    const double to = check_layer_fraction(st.layer_fraction);
    if (stretch == 0) stretch = to / st.layer_fraction;
    st.layer_fraction = to;
  }
  for (StreamSpec& st : other.traffic.streams) {
    if (is_llm(st.kind) || st.kind == StreamKind::Trace) continue;
    st.requests = std::max<uint64_t>(1, uint64_t(double(st.requests) * stretch));
    st.duration_ns *= stretch;
    st.start_ns *= stretch;
  }
  const RunStats stats = run_scenario(other);
  for (const StreamSpec& st : other.traffic.streams) {
    if (!is_llm(st.kind) || st.layer_fraction >= 1.0) continue;
    const StepExtrapolation e = extrapolate_steps(stats, st, other.memspec, /*drop_last=*/false);
    if (!e.steps.empty()) check.check_full_step_ns[st.stream_id] = e.full_step_ns;
  }
  return check;
}

}  // namespace aimc
