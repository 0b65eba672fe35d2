#include "tb/rtl/backend_compare.h"

#include "tb/sim/stats_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>

#include "tb/device/device_check.h"
#include "tb/rtl/rtl_backend.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/text_file.h"
#include "tb/wave/controller_waves.h"
#include "tb/wave/gtkw_layout.h"
#include "tb/wave/wave_buffer.h"

namespace aimc {

namespace {

class Recorder : public ControllerListener {
 public:
  explicit Recorder(BackendRun& run) : run_(run) {}
  void on_command(const CommandRecord& r) override { run_.commands.push_back(r); }
  void on_access_done(const Access& a, RowOutcome, Cycle done) override {
    Cycle& d = run_.request_done[a.request_id];
    d = std::max(d, done);
  }

 private:
  BackendRun& run_;
};

BackendRun play(const Scenario& s, uint64_t max_requests, const ScenarioRunner& runner) {
  BackendRun run;
  Recorder rec(run);
  DeviceCheck device(s.memspec, s.controller.refresh);
  std::vector<ControllerListener*> listeners = device.listeners();
  listeners.push_back(&rec);
  run.stats = runner(s, listeners, max_requests);
  device.finish(run.stats.last_done);
  run.device_passed = device.passed();
  run.device_report = device.report(5);
  run.reads_checked = device.scoreboard().reads_checked();
  return run;
}

// One backend's run again, its waveform window kept in memory under the scope `top`.
void play_with_waves(const Scenario& s, uint64_t max_requests, const ScenarioRunner& runner, WaveBuffer& out,
                     const std::string& top, WaveWindow window) {
  ControllerWaves waves(out, s.memspec, top, window);
  const RunStats st = runner(s, {&waves}, max_requests);
  waves.finish(std::min(st.last_done + 1, window.until));
}

double gbps(const RunStats& st, const MemSpec& spec) {
  uint64_t bytes = 0;
  for (uint64_t b : st.bytes_per_channel) bytes += b;
  return st.last_done == 0 ? 0 : double(bytes) / (double(st.last_done) * spec.tCK_ps * 1e-3);
}

double mean_latency_ns(const RunStats& st, const MemSpec& spec) {
  double sum = 0;
  uint64_t n = 0;
  for (bool is_write : {false, true}) {
    const std::vector<uint32_t> cycles = st.latencies_of_direction(is_write);
    for (uint32_t c : cycles) sum += c;
    n += cycles.size();
  }
  return n == 0 ? 0 : sum / double(n) * spec.tCK_ps * 1e-3;
}

std::string percent_error(double model, double rtl) {
  return model == 0 ? "n/a" : fmt::format("{:+.3f} %", (rtl - model) / model * 100.0);
}

std::vector<std::vector<CommandRecord>> by_channel(const std::vector<CommandRecord>& all, int channels) {
  std::vector<std::vector<CommandRecord>> out(static_cast<size_t>(channels));
  for (const CommandRecord& r : all) out[size_t(r.addr.channel)].push_back(r);
  return out;
}

// Channel by channel, the first command where the streams differ; of those, the earliest (by
// the earlier cycle of the two commands, then channel). Comparing per channel keeps a command
// one backend has and the other lacks from pairing up with another channel's command.
std::optional<Divergence> first_divergence(const std::vector<CommandRecord>& model,
                                           const std::vector<CommandRecord>& rtl, int channels) {
  const auto m = by_channel(model, channels), r = by_channel(rtl, channels);
  std::optional<Divergence> best;
  for (size_t ch = 0; ch < m.size(); ++ch) {
    const std::vector<CommandRecord>&a = m[ch], &b = r[ch];
    const size_t n = std::min(a.size(), b.size());
    size_t i = 0;
    while (i < n && same_command(a[i], b[i])) ++i;
    if (i == a.size() && i == b.size()) continue;
    Divergence d;
    d.channel = int(ch);
    d.index = i;
    if (i < a.size()) d.model = a[i];
    if (i < b.size()) d.rtl = b[i];
    for (size_t k = i; k > 0 && d.before.size() < 6; --k) d.before.insert(d.before.begin(), a[k - 1]);
    if (!best || divergence_cycle(d) < divergence_cycle(*best)) best = d;
  }
  return best;
}

}  // namespace

bool same_command(const CommandRecord& a, const CommandRecord& b) {
  if (a.cycle != b.cycle || a.command != b.command || a.addr.channel != b.addr.channel ||
      a.addr.pseudo_channel != b.addr.pseudo_channel) {
    return false;
  }
  if (!is_pc_wide(a.command) && (a.addr.bank_group != b.addr.bank_group || a.addr.bank != b.addr.bank)) return false;
  if ((a.command == Command::ACT || is_column(a.command)) && a.addr.row != b.addr.row) return false;
  if (is_column(a.command) && a.addr.column != b.addr.column) return false;
  return true;
}

std::string describe_command(const CommandRecord& r, double tCK_ps) {
  std::string s = fmt::format("cycle {} ({:.3f} ns) ch{} pc{} {:<5}", r.cycle, double(r.cycle) * tCK_ps * 1e-3,
                              r.addr.channel, r.addr.pseudo_channel, name_of(r.command));
  if (!is_pc_wide(r.command)) s += fmt::format(" bg{} b{}", r.addr.bank_group, r.addr.bank);
  if (r.command == Command::ACT || is_column(r.command)) s += fmt::format(" row {}", r.addr.row);
  if (is_column(r.command)) s += fmt::format(" col {}", r.addr.column);
  s += r.request == kNoRequest ? "  (refresh)" : fmt::format("  (request {})", r.request);
  return s;
}

ScenarioRunner driver_runner(const TraceDriver::BackendFactory& backend, const TraceDriver::Progress& progress) {
  return [backend, progress](const Scenario& s, const std::vector<ControllerListener*>& listeners, uint64_t max_requests) {
    return run_scenario(s, listeners, progress, backend, max_requests);
  };
}

BackendPair default_backends(const Scenario& s, int rtl_threads, const TraceDriver::Progress& progress) {
  BackendPair p;
  p.model = driver_runner(nullptr, progress);
  p.rtl = driver_runner(rtl_backend(s.source_file, rtl_threads), progress);
  const std::string origin = s.source_file;
  p.rtl_with_internals = [origin, rtl_threads](const RtlWaveRequest& request) {
    return driver_runner(rtl_backend(origin, rtl_threads, &request));
  };
  return p;
}

BackendComparison compare_backends(const Scenario& s, uint64_t max_requests) {
  return compare_backends(s, max_requests, default_backends(s));
}

BackendComparison compare_backends(const Scenario& s, uint64_t max_requests, const BackendPair& backends) {
  BackendComparison c;
  c.scenario = s.name;
  c.policy = to_string(s.controller.policy);
  c.model_name = backends.model_name;
  c.max_requests = max_requests;
  // The RTL first: a scenario it cannot run is refused before the model's run.
  c.rtl = play(s, max_requests, backends.rtl);
  c.model = play(s, max_requests, backends.model);
  c.coverage.add(c.model.stats, s.controller.refresh, s.controller.page_policy);

  c.first_divergence = first_divergence(c.model.commands, c.rtl.commands, s.memspec.org.channels);
  for (const auto& [id, done] : c.model.request_done) {
    auto it = c.rtl.request_done.find(id);
    ++c.requests_compared;
    const Cycle diff = it == c.rtl.request_done.end() ? kNever
                       : done > it->second           ? done - it->second
                                                     : it->second - done;
    if (diff != 0) {
      ++c.requests_differing;
      c.max_completion_difference = std::max(c.max_completion_difference, diff);
      if (!c.first_differing_request || id < *c.first_differing_request) c.first_differing_request = id;
    }
  }
  return c;
}

Cycle divergence_cycle(const Divergence& d) {
  if (d.model && d.rtl) return std::min(d.model->cycle, d.rtl->cycle);
  return d.model ? d.model->cycle : d.rtl->cycle;
}

std::string dump_divergence_waves(const Scenario& s, uint64_t max_requests, const BackendPair& backends,
                                  const Divergence& d, const std::string& stem, Cycle window) {
  const Cycle at = divergence_cycle(d);
  const WaveWindow w{at > window ? at - window : 0, at + window + 1};
  WaveBuffer model, rtl, internals, marker;
  play_with_waves(s, max_requests, backends.model, model, "model", w);
  // The RTL's own signals of the diverging channel beside its testbench signals, when it can.
  const RtlWaveRequest request{&internals, "rtl_internal", d.channel, 3, w.from, w.until};
  play_with_waves(s, max_requests, backends.rtl_with_internals ? backends.rtl_with_internals(request) : backends.rtl, rtl,
                  "rtl", w);
  // compare.diverged: high during the divergence's cycle.
  marker.push_scope("compare");
  const WaveVar diverged = marker.add_var("diverged", 1);
  marker.pop_scope();
  marker.time(s.memspec.cycle_ps(w.from));
  marker.value(diverged, 0);
  marker.time(s.memspec.cycle_ps(at));
  marker.value(diverged, 1);
  marker.time(s.memspec.cycle_ps(at + 1));
  marker.value(diverged, 0);

  const std::string fst = stem + ".fst", gtkw = stem + ".gtkw";
  {
    const std::unique_ptr<WaveFile> out = open_wave_file(fst);
    write_merged(*out, {&marker, &model, &rtl, &internals});
    out->close();
  }
  GtkwLayout layout;
  layout.dump_file = std::filesystem::absolute(fst).string();
  layout.scopes = {"model", "rtl"};
  layout.channel = d.channel;
  layout.marker_ps = s.memspec.cycle_ps(at);
  layout.start_ps = s.memspec.cycle_ps(at > 20 ? at - 20 : 0);
  layout.extra_signals = {"compare.diverged"};
  layout.rtl_internals = internals.signals();
  write_text_file(gtkw, gtkw_layout(s.memspec, layout));
  return gtkw;
}

std::string format_comparison(const BackendComparison& c, const MemSpec& spec) {
  std::string out = fmt::format("compare {} ({}{}): {} vs Verilated RTL\n", c.scenario, c.policy,
                                c.max_requests ? fmt::format(", first {} requests", c.max_requests) : "", c.model_name);
  const auto& a = c.model.commands;
  if (!c.first_divergence) {
    out += fmt::format("  commands:  {} identical (every cycle, both buses, all {} channels)\n", a.size(),
                       spec.org.channels);
  } else {
    const Divergence& d = *c.first_divergence;
    out += fmt::format("  commands:  FIRST DIVERGENCE on channel {} at its command #{} ({} identical before it)\n",
                       d.channel, d.index, d.index);
    out += fmt::format("    model: {}\n", d.model ? describe_command(*d.model, spec.tCK_ps) : "(no more commands)");
    out += fmt::format("    RTL:   {}\n", d.rtl ? describe_command(*d.rtl, spec.tCK_ps) : "(no more commands)");
    if (!d.before.empty()) out += "    the channel's commands before it (both):\n";
    for (const CommandRecord& r : d.before) out += fmt::format("      {}\n", describe_command(r, spec.tCK_ps));
  }
  out += fmt::format("  requests:  {} completed by the model, {} by the RTL; {} finish at a different cycle",
                     c.model.request_done.size(), c.rtl.request_done.size(), c.requests_differing);
  if (c.requests_differing > 0) {
    out += c.max_completion_difference == kNever
               ? fmt::format(" (request {} not completed by the RTL)", *c.first_differing_request)
               : fmt::format(" (up to {} cycles; first: request {})", c.max_completion_difference,
                             *c.first_differing_request);
  }
  out += "\n";
  const double bw_m = gbps(c.model.stats, spec), bw_r = gbps(c.rtl.stats, spec);
  const double lat_m = mean_latency_ns(c.model.stats, spec), lat_r = mean_latency_ns(c.rtl.stats, spec);
  out += fmt::format("  bandwidth: model {:.2f} GB/s, RTL {:.2f} GB/s ({})\n", bw_m, bw_r, percent_error(bw_m, bw_r));
  out += fmt::format("  latency:   model {:.2f} ns, RTL {:.2f} ns mean ({})\n", lat_m, lat_r, percent_error(lat_m, lat_r));
  auto speed = [](const RunStats& st) {
    return st.wall_s > 0 ? format_rate(double(st.completed_requests()) / st.wall_s) : std::string("-");
  };
  out += fmt::format("  wall time: model {:.2f} s ({}), RTL {:.2f} s ({})\n", c.model.stats.wall_s, speed(c.model.stats),
                     c.rtl.stats.wall_s, speed(c.rtl.stats));
  for (const auto* run : {&c.model, &c.rtl}) {
    out += fmt::format("  device model ({}):\n", run == &c.model ? "model's commands" : "RTL's commands");
    size_t start = 0;
    while (start < run->device_report.size()) {
      const size_t end = run->device_report.find('\n', start);
      out += "    " + run->device_report.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  out += fmt::format("  coverage:  {}\n", c.coverage.table());
  const std::vector<std::string> missing = c.coverage.never_exercised();
  if (!missing.empty()) {
    out += fmt::format("  NOT EXERCISED: {} (not compared: run longer, or shorten tREFI with --set)\n", fmt::join(missing, ", "));
  }
  out += fmt::format("  result:    {}\n", !c.identical() ? "MISMATCH"
                                          : c.passed()    ? "IDENTICAL"
                                                          : "IDENTICAL commands, but the device model failed them");
  return out;
}

}  // namespace aimc
