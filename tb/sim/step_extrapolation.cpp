#include "tb/sim/step_extrapolation.h"

#include <algorithm>

namespace aimc {

namespace {
constexpr double kSteadyFrom = 0.1, kSteadyTo = 0.9;  // shares of a step's bytes

// Refresh in the steady windows, in pseudo-channel cycles (a REFab blocks one pseudo-channel for
// nRFCab; a REFpb one of its banks for nRFCpb). `expected` is what the whole step pays per cycle
// of streaming; `cost` what one refresh command blocks.
struct RefreshLoad {
  double expected_per_cycle = 0;
  double cost = 0;
};
RefreshLoad refresh_load(const RunStats& stats, const MemSpec& m) {
  const double pcs = double(m.org.channels) * double(m.org.pseudo_channels);
  RefreshLoad r;
  if (stats.commands[index_of(Command::REFpb)] > 0) {
    r.cost = double(m.t.nRFCpb) / double(m.org.banks_per_pc());
    r.expected_per_cycle = pcs * r.cost / double(m.t.nREFIpb);
  } else if (stats.commands[index_of(Command::REFab)] > 0) {
    r.cost = double(m.t.nRFCab);
    r.expected_per_cycle = pcs * r.cost / double(m.t.nREFI);
  }
  return r;
}
}  // namespace

StepExtrapolation extrapolate_steps(const RunStats& stats, const StreamSpec& st, const MemSpec& m, bool drop_last) {
  std::vector<const GroupSpan*> spans;
  for (const auto& [group, span] : stats.groups) {
    if ((group >> 32) == st.stream_id) spans.push_back(&span);
  }
  StepExtrapolation e;
  e.steps_seen = spans.size();
  if (drop_last && !spans.empty()) spans.pop_back();
  e.scale = double(st.model.layers) / double(st.simulate_layers) / st.layer_fraction;
  if (spans.empty()) return e;
  const double ns = m.tCK_ps / 1000.0;
  const double pcs = double(m.org.channels) * double(m.org.pseudo_channels);
  const RefreshLoad refresh = refresh_load(stats, m);
  double step_cycles = 0, bytes = 0, steady_bytes = 0, steady_cycles = 0;
  for (const GroupSpan* s : spans) {
    e.steps.push_back(s->last_done - s->first_arrival);
    step_cycles += double(s->last_done - s->first_arrival);
    bytes += double(s->delivered.total());
    steady_bytes += (kSteadyTo - kSteadyFrom) * double(s->delivered.total());
    const double from = double(s->origin) + s->delivered.time_of_share(kSteadyFrom);
    const double to = double(s->origin) + s->delivered.time_of_share(kSteadyTo);
    double window = to - from;
    // A short step can leave its refreshes to the gaps between steps (they may be postponed);
    // the whole step cannot. Charge the window the refresh it would have paid streaming, as the
    // stack's time lost to refresh it did not pay (or, catching up, paid beyond its share).
    if (refresh.cost > 0 && window > 0) {
      const auto first = std::lower_bound(stats.refresh_cycles.begin(), stats.refresh_cycles.end(), Cycle(from));
      const auto last = std::upper_bound(first, stats.refresh_cycles.end(), Cycle(to));
      const double paid = double(last - first) * refresh.cost;
      window += (refresh.expected_per_cycle * window - paid) / pcs;
    }
    steady_cycles += std::max(0.0, window);
  }
  const double n = double(spans.size());
  e.mean_step_ns = step_cycles / n * ns;
  e.plain_full_step_ns = e.mean_step_ns * e.scale;
  e.full_step_ns = e.plain_full_step_ns;
  if (steady_cycles > 0 && steady_bytes > 0) {
    e.steady_GBps = steady_bytes / (steady_cycles * ns);
    e.full_step_ns = e.mean_step_ns + bytes / n * (e.scale - 1) / e.steady_GBps;
  }
  return e;
}

}  // namespace aimc
