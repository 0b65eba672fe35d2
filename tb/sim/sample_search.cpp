#include "tb/sim/sample_search.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <future>

#include <fmt/format.h>

#include "models/params/config_error.h"

#include "tb/sim/scenario_run.h"

namespace aimc {

namespace {

// The largest scale at which every sampled stream's layer_fraction stays within 1.
double scale_limit(const Scenario& s) {
  double limit = 1e300;
  for (const StreamSpec& st : s.traffic.streams) {
    if (is_llm(st.kind) && st.layer_fraction < 1.0) limit = std::min(limit, 1.0 / st.layer_fraction);
  }
  return limit;
}

struct LevelRun {
  SampleLevel level;
  std::shared_ptr<const RunStats> stats;
};

// One level: the scenario at `scale`, and the whole step of every stream that samples in `s`.
LevelRun run_level(const Scenario& s, double scale) {
  const Scenario scaled = scale == 1 ? s : scaled_sample(s, scale);
  LevelRun run;
  run.stats = std::make_shared<const RunStats>(run_scenario(scaled));
  run.level.scale = scale;
  run.level.full_step_ns = sampled_full_steps(s, scaled, *run.stats);
  return run;
}

// The largest relative gap between two levels' whole steps, over the streams both extrapolated,
// relative to the higher level's (as the sampling check's uncertainty is to the run's).
double gap(const SampleLevel& low, const SampleLevel& high) {
  double g = 0;
  for (const auto& [id, ns] : low.full_step_ns) {
    const auto it = high.full_step_ns.find(id);
    if (it == high.full_step_ns.end() || it->second <= 0) return 1e300;  // a level without steps cannot agree
    g = std::max(g, std::abs(it->second - ns) / it->second);
  }
  return low.full_step_ns.empty() ? 1e300 : g;
}

// Takes `top`, the level above the last one run, as the search's answer, checked against that one.
void take_level(SampleSearch& search, const LevelRun& top) {
  SampleLevel& below = search.levels.back();
  below.gap_to_next = gap(below, top.level);
  search.gap = below.gap_to_next;
  search.check.check_full_step_ns = below.full_step_ns;
  search.check.relative_fraction = 0.5;
  search.levels.push_back(top.level);  // `below` is not used past this
  search.scale = top.level.scale;
  search.answer_stats = top.stats;
  // Three scales in a row agree, each within `until` of the one below: two that agree can share
  // a small sample's bias (docs/benchmarks.md, "Sampling to a target").
  const size_t n = search.levels.size();
  search.reached = n >= 3 && search.levels[n - 2].gap_to_next <= search.until && search.levels[n - 3].gap_to_next <= search.until;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

void check_searchable(const Scenario& s) {
  for (const StreamSpec& st : s.traffic.streams) {
    if (is_llm(st.kind) && st.layer_fraction < 1.0 && st.layer_fraction * kFewestScalesToAnswer > 1.0) {
      throw ConfigError(st.file, st.line, st.field + ".layer_fraction",
                        fmt::format("{:g} leaves no room for --sample-until's three scales (x{:g} would pass the whole "
                                    "layer); use at most {:g}",
                                    st.layer_fraction, kFewestScalesToAnswer, 1 / kFewestScalesToAnswer));
    }
  }
}

std::string stream_name(const Scenario& s, uint32_t stream_id) {
  for (const StreamSpec& st : s.traffic.streams) {
    if (st.stream_id == stream_id) return st.name;
  }
  return "";
}

SampleSearch search_sample_scale(const Scenario& s, double until, double max_scale, const SampleLevelReport& on_level) {
  const auto start = std::chrono::steady_clock::now();
  SampleSearch search;
  search.until = until;
  search.max_scale = max_scale;
  const double limit = std::min(max_scale, scale_limit(s));
  // The first two levels share nothing: the second runs beside the first on a thread of its own.
  std::future<LevelRun> second = std::async(std::launch::async, [&s] { return run_level(s, 2); });
  search.levels.push_back(run_level(s, 1).level);
  if (on_level) on_level(search.levels.back(), nullptr);
  for (LevelRun top = second.get();; top = run_level(s, search.scale * 2)) {
    take_level(search, top);
    if (on_level) on_level(search.levels.back(), &search.levels[search.levels.size() - 2]);
    const double next = search.scale * 2;
    if (search.reached || next > limit) {
      if (!search.reached) {  // scales as the summary shows them: of the file's sample
        const double base = s.sample_scale;
        search.stopped_by = next > max_scale
                                ? fmt::format("the largest scale allowed, x{:g} (--sample-until-max)", max_scale * base)
                                : fmt::format("the whole layer: x{:g} would pass layer_fraction 1", next * base);
      }
      search.wall_s = seconds_since(start);
      return search;
    }
  }
}

void extend_sample_search(SampleSearch& search, const Scenario& s, double scale) {
  const auto start = std::chrono::steady_clock::now();
  while (search.scale < scale) take_level(search, run_level(s, search.scale * 2));
  search.stopped_by.clear();
  if (!search.reached) search.stopped_by = fmt::format("x{:g}, the scale it was compared at", search.scale * s.sample_scale);
  search.wall_s += seconds_since(start);
}

}  // namespace aimc
