#include "tb/traffic/scenario_traffic.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/params/config_error.h"
#include "tb/trace/trace_reader.h"
#include "tb/traffic/llm_source.h"
#include "tb/traffic/pattern_source.h"

namespace aimc {
namespace {

std::unique_ptr<RequestSource> make_source(const StreamSpec& s, const MemSpec& spec, const AddressMap& map) {
  const uint64_t capacity = spec.org.capacity_bytes();
  if (s.kind == StreamKind::Trace) {
    try {
      return std::make_unique<TraceReader>(s.trace_path, s.format, spec.tCK_ps, capacity);
    } catch (const ConfigError& e) {
      // A file that cannot be opened is the mistake of the line that names it.
      if (e.file() == s.trace_path && e.line() == 0) {
        const std::string field = s.field.rfind("traffic.streams", 0) == 0 ? s.field + ".path" : s.field;
        throw ConfigError(s.file, s.line, field, s.trace_path + ": " + e.reason());
      }
      throw;
    }
  }
  const double gib = double(1ull << 30);
  // The bounds go inward to whole 4 KiB pages, so that a region such as [0.1, 1] still gives
  // aligned requests (an unaligned one would be split into an extra access at each end).
  constexpr uint64_t kPage = 4096;
  const uint64_t begin = (uint64_t(std::llround(s.region_begin_gib * gib)) + kPage - 1) / kPage * kPage;
  const uint64_t end = s.region_end_gib < 0 ? capacity : uint64_t(std::llround(s.region_end_gib * gib)) / kPage * kPage;
  if (begin >= capacity || end > capacity) {
    throw ConfigError(s.file, s.line, s.field + ".region_gib",
                      "region outside the stack's " + std::to_string(capacity / (1ull << 30)) + " GiB");
  }
  if (end <= begin) throw ConfigError(s.file, s.line, s.field + ".region_gib", "region holds no whole 4 KiB page");
  try {
    switch (s.kind) {
      case StreamKind::LlmDecode:
      case StreamKind::LlmPrefill:
      case StreamKind::Training: return std::make_unique<LlmSource>(s, begin, end);
      default: return std::make_unique<PatternSource>(s, begin, end, spec.org, map);
    }
  } catch (const std::invalid_argument& e) {
    throw ConfigError(s.file, s.line, s.field, e.what());
  }
}

}  // namespace

ScenarioTraffic::ScenarioTraffic(const TrafficSpec& traffic, const MemSpec& spec, const ControllerConfig& cfg)
    : map_(spec.org, cfg.address_map) {
  for (const StreamSpec& s : traffic.streams) {
    sources_.push_back(make_source(s, spec, map_));
    specs_.push_back(s);
  }
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].kind == StreamKind::Trace) continue;
    const size_t id = specs_[i].stream_id;
    if (id >= generated_by_id_.size()) generated_by_id_.resize(id + 1, -1);
    generated_by_id_[id] = int(i);
  }
  heads_.resize(sources_.size());
  for (size_t i = 0; i < sources_.size(); ++i) pull(i);
}

// The next request of source i. A trace checks its own times (per line); a generated stream
// whose rate is too low to offer its requests within a run is refused here.
void ScenarioTraffic::pull(size_t i) {
  if (!sources_[i]->next(heads_[i])) return;
  if (specs_[i].kind == StreamKind::Trace && specs_.size() > 1) check_trace_stream_id(i);
  if (heads_[i].time_ps <= kMaxArrivalPs) {
    order_.push({heads_[i].time_ps, i});
    return;
  }
  const StreamSpec& s = specs_[i];
  throw ConfigError(s.file, s.line, s.field + (s.rate_gbps > 0 ? ".rate_gbps" : ".start_ns"),
                    fmt::format("stream '{}' would offer requests {:g} s into the run, {}", s.name,
                                double(heads_[i].time_ps) * 1e-12, later_than_a_run()));
}

void ScenarioTraffic::check_trace_stream_id(size_t i) const {
  const uint32_t id = heads_[i].stream_id;
  if (id >= generated_by_id_.size() || generated_by_id_[id] < 0) return;
  const StreamSpec& other = specs_[size_t(generated_by_id_[id])];
  const auto& trace = static_cast<const TraceReader&>(*sources_[i]);
  throw ConfigError(trace.path(), trace.line(), "stream_id",
                    fmt::format("stream id {} is that of the scenario's stream '{}' ({}, line {}); a trace "
                                "beside generated streams must use ids none of them has",
                                id, other.name, other.file, other.line));
}

bool ScenarioTraffic::next(TraceRequest& out) {
  if (order_.empty()) return false;
  const size_t best = order_.top().second;
  order_.pop();
  out = heads_[best];
  pull(best);
  return true;
}

double ScenarioTraffic::progress() const {
  double sum = 0;
  for (const auto& s : sources_) sum += s->progress();
  return sources_.empty() ? 1.0 : sum / double(sources_.size());
}

}  // namespace aimc
