#include "tb/sim/time_series.h"

#include <algorithm>

#include <fmt/format.h>

#include "models/params/config_error.h"

#include "models/core/request_front_end.h"

namespace aimc {

TimeSeriesRecorder::TimeSeriesRecorder(const Scenario& scenario, double window_ns)
    : scenario_(scenario),
      window_ns_(window_ns),
      window_cycles_(window_ns * 1000.0 / scenario.memspec.tCK_ps),
      pcs_per_channel_(scenario.memspec.org.pseudo_channels),
      banks_per_pc_(scenario.memspec.org.banks_per_pc()),
      banks_per_group_(scenario.memspec.org.banks_per_group),
      access_bytes_(scenario.memspec.org.access_bytes),
      queues_(size_t(scenario.memspec.org.channels * scenario.memspec.org.pseudo_channels)),
      acts_(queues_.size() * size_t(banks_per_pc_), 0) {}

void TimeSeriesRecorder::too_many_windows(Cycle c) const {
  throw ConfigError(fmt::format("--timeseries-ns {:g}", window_ns_), 0, "",
                    fmt::format("the run reached {:.0f} ns, more than {} windows; give a wider window",
                                double(c) * scenario_.memspec.tCK_ps / 1000.0, kMaxWindows));
}

void TimeSeriesRecorder::integrate_queue(size_t pc, Cycle now) {
  Queue& q = queues_[pc];
  Cycle at = q.since;
  while (at < now) {
    const size_t w = window_of(at);
    const Cycle window_end = std::max(at + 1, Cycle(double(w + 1) * window_cycles_));
    const Cycle until = std::min(now, window_end);
    add(q.occupancy_cycles, w, double(q.length) * double(until - at));
    at = until;
  }
  q.since = std::max(q.since, now);
}

void TimeSeriesRecorder::on_access_queued(const Access& a, Cycle now) {
  const size_t pc = size_t(a.addr.channel * pcs_per_channel_ + a.addr.pseudo_channel);
  integrate_queue(pc, now);
  ++queues_[pc].length;
}

void TimeSeriesRecorder::on_command(const CommandRecord& r) {
  const size_t pc = size_t(r.addr.channel * pcs_per_channel_ + r.addr.pseudo_channel);
  if (r.command == Command::ACT) {
    ++acts_[pc * size_t(banks_per_pc_) + size_t(r.addr.bank_group * banks_per_group_ + r.addr.bank)];
  }
  if (r.command == Command::REFab || r.command == Command::REFpb) {
    refreshes_.push_back({{"t_ns", double(r.cycle) * scenario_.memspec.tCK_ps / 1000.0},
                          {"channel", r.addr.channel},
                          {"pseudo_channel", r.addr.pseudo_channel},
                          {"command", std::string(name_of(r.command))}});
  }
  if (is_column(r.command) && r.request != kNoRequest) {  // the access leaves its queue slot
    integrate_queue(pc, r.cycle);
    queues_[pc].length = std::max(0, queues_[pc].length - 1);
  }
}

void TimeSeriesRecorder::on_access_done(const Access& a, RowOutcome /*outcome*/, Cycle done) {
  add(bytes_by_class_[std::string(to_string(a.stream_class))], window_of(done), double(access_bytes_));
}

void TimeSeriesRecorder::on_request_done(const CompletedRequest& r) {
  add(bytes_by_stream_[stream_of_port(r.port)], window_of(r.done), double(r.accesses) * double(access_bytes_));
}

namespace {

// A series of byte counts per window as GB/s, padded with zeros to `windows`.
nlohmann::json gbps(std::vector<double> bytes, size_t windows, double window_ns) {
  bytes.resize(windows, 0.0);
  for (double& b : bytes) b /= window_ns;  // bytes per ns = GB/s
  return bytes;
}

// Latency at fixed quantiles: 0, 1 %, ..., 99 %, then 99.5 %, 99.9 % and the maximum.
nlohmann::json quantiles(std::vector<uint32_t> cycles, double tck_ps) {
  std::sort(cycles.begin(), cycles.end());
  std::vector<double> p;
  for (int k = 0; k < 100; ++k) p.push_back(k / 100.0);
  p.insert(p.end(), {0.995, 0.999, 1.0});
  nlohmann::json ns = nlohmann::json::array();
  for (double q : p) {
    const size_t i = std::min(cycles.size() - 1, size_t(q * double(cycles.size() - 1) + 0.5));
    ns.push_back(double(cycles[i]) * tck_ps / 1000.0);
  }
  return {{"p", p}, {"ns", ns}, {"count", cycles.size()}};
}

}  // namespace

nlohmann::json TimeSeriesRecorder::to_json(const RunStats& stats, Cycle end) {
  const size_t windows = window_of(end == 0 ? 0 : end - 1) + 1;
  const double tck_ns = scenario_.memspec.tCK_ps / 1000.0;
  nlohmann::json j;
  j["window_ns"] = window_ns_;
  j["windows"] = windows;
  nlohmann::json by_class = nlohmann::json::object();
  for (const auto& [cls, bytes] : bytes_by_class_) by_class[cls] = gbps(bytes, windows, window_ns_);
  std::map<uint32_t, std::string> names;
  for (const StreamSpec& st : scenario_.traffic.streams) {
    if (st.kind != StreamKind::Trace) names[st.stream_id] = st.name;
  }
  nlohmann::json by_stream = nlohmann::json::object();
  for (const auto& [id, bytes] : bytes_by_stream_) {
    const auto it = names.find(id);
    by_stream[it != names.end() ? it->second : "stream " + std::to_string(id)] = gbps(bytes, windows, window_ns_);
  }
  j["bandwidth_GBps"] = {{"by_class", by_class}, {"by_stream", by_stream}};
  nlohmann::json occupancy = nlohmann::json::array();
  for (size_t pc = 0; pc < queues_.size(); ++pc) {
    integrate_queue(pc, end);
    std::vector<double> mean = queues_[pc].occupancy_cycles;
    mean.resize(windows, 0.0);
    for (double& m : mean) m /= window_cycles_;
    occupancy.push_back(mean);
  }
  j["queue_occupancy"] = {{"pseudo_channels_per_channel", pcs_per_channel_}, {"by_pseudo_channel", occupancy}};
  j["refresh"] = refreshes_;
  nlohmann::json acts = nlohmann::json::array();
  for (size_t pc = 0; pc < queues_.size(); ++pc) {
    acts.push_back(std::vector<uint64_t>(acts_.begin() + long(pc * size_t(banks_per_pc_)),
                                         acts_.begin() + long((pc + 1) * size_t(banks_per_pc_))));
  }
  j["act_per_bank"] = {{"rows", "channel * pseudo_channels + pseudo_channel"}, {"banks", banks_per_pc_}, {"counts", acts}};
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& [group, span] : stats.groups) {
    const uint32_t id = uint32_t(group >> 32);
    const auto it = names.find(id);
    steps.push_back({{"stream", it != names.end() ? it->second : "stream " + std::to_string(id)},
                     {"step", group & 0xFFFFFFFFu},
                     {"start_ns", double(span.first_arrival) * tck_ns},
                     {"end_ns", double(span.last_done) * tck_ns}});
  }
  j["steps"] = steps;
  nlohmann::json latency = nlohmann::json::object();
  for (size_t c = 0; c < kNumStreamClasses; ++c) {
    const std::vector<uint32_t> l = stats.latencies_of_class(StreamClass(c));
    if (!l.empty()) latency[std::string(to_string(StreamClass(c)))] = quantiles(l, scenario_.memspec.tCK_ps);
  }
  j["latency_quantiles"] = latency;
  return j;
}

}  // namespace aimc
