#include "tb/sim/stats_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "tb/sim/energy_report.h"
#include "tb/sim/memspec_report.h"
#include "tb/sim/step_extrapolation.h"
#include "tb/sim/text_file.h"

namespace aimc {
namespace {

// The controller as it ran, after the scenario file, --set and the command-line knobs.
nlohmann::json controller_json(const ControllerConfig& c) {
  nlohmann::json slices = nlohmann::json::array();
  for (const AddressSlice& slice : c.address_map.slices) slices.push_back(slice.bits > 0 ? fmt::format("{}:{}", slice.field, slice.bits) : slice.field);
  const AiAwareConfig& k = c.ai_aware;
  nlohmann::json ranks = nlohmann::json::object();
  for (size_t i = 0; i < k.class_rank.size(); ++i) ranks[std::string(to_string(StreamClass(i)))] = k.class_rank[i];
  return {{"policy", to_string(c.policy)},
          {"page_policy", to_string(c.page_policy)},
          {"refresh", to_string(c.refresh)},
          {"queue_depth", c.queue_depth},
          {"row_hit_cap", c.row_hit_cap},
          {"read_modify_write", c.read_modify_write},
          {"request_lanes", c.request_lanes},
          {"port_arbitration", to_string(c.port_arbitration)},
          {"power_down_after_ns", c.power_down_after_ns},
          {"address_map", {{"order", slices}, {"xor_bank_hash", c.address_map.xor_bank_hash}}},
          {"ai_aware",
           {{"class_rank", ranks},
            {"age_limit_ns", k.age_limit_ns},
            {"write_high", k.write_high},
            {"write_low", k.write_low},
            {"bank_group_interleave", k.bank_group_interleave},
            {"reserved_slots", k.reserved_slots},
            {"preempt_rank_gap", k.preempt_rank_gap},
            {"preempt_after_ns", k.preempt_after_ns},
            {"refresh_preempts_best_effort", k.refresh_preempts_best_effort},
            {"refresh_after_kv_quiet_ns", k.refresh_after_kv_quiet_ns},
            {"best_effort_row_hold_ns", k.best_effort_row_hold_ns}}}};
}

template <typename T>
nlohmann::json latency_json(std::vector<T> cycles, double tCK_ps) {
  nlohmann::json j;
  j["count"] = cycles.size();
  if (cycles.empty()) {
    for (const char* k : {"mean_ns", "p50_ns", "p99_ns", "max_ns"}) j[k] = nullptr;
    return j;
  }
  double sum = 0;
  for (uint64_t c : cycles) sum += double(c);
  const double ns = tCK_ps / 1000.0;
  // Nearest-rank percentile: the smallest value with at least p of the samples at or below it.
  // nth_element instead of a sort: a report takes several of these over every request.
  auto pct = [&](double p) {
    size_t rank = size_t(std::ceil(p * double(cycles.size())));
    rank = std::clamp<size_t>(rank, 1, cycles.size());
    std::nth_element(cycles.begin(), cycles.begin() + long(rank - 1), cycles.end());
    return double(cycles[rank - 1]) * ns;
  };
  j["mean_ns"] = sum / double(cycles.size()) * ns;
  j["p50_ns"] = pct(0.50);
  j["p99_ns"] = pct(0.99);
  j["max_ns"] = double(*std::max_element(cycles.begin(), cycles.end())) * ns;
  return j;
}

// What one stream got: its requests, bytes, bandwidth over its own active span (first arrival
// to last data) and latency, overall and by class.
void add_traffic(nlohmann::json& j, const StreamTotals& t, double tCK_ps) {
  uint64_t reads = 0, writes = 0;
  nlohmann::json by_class;
  for (int c = 0; c < kNumStreamClasses; ++c) {
    const auto& by_dir = t.latency_cycles[size_t(c)];
    reads += by_dir[0].size();
    writes += by_dir[1].size();
    std::vector<uint32_t> cycles(by_dir[0]);
    cycles.insert(cycles.end(), by_dir[1].begin(), by_dir[1].end());
    if (!cycles.empty()) by_class[std::string(kStreamClassNames[size_t(c)])] = latency_json(std::move(cycles), tCK_ps);
  }
  const double active_ns = double(t.last_done - t.first_arrival) * tCK_ps / 1000.0;
  j["requests"] = {{"read", reads}, {"write", writes}};
  j["bytes"] = t.bytes;
  j["active_ns"] = active_ns;
  j["bandwidth_GBps"] = active_ns > 0 ? double(t.bytes) / active_ns : 0.0;
  j["latency"] = latency_json(RunStats::latencies_of_stream(t), tCK_ps);
  j["class_latency"] = by_class;
}

// Tokens one step of an LLM stream handles: a decode step makes one token per sequence, a
// prefill pass reads every prompt token; a training pass has no single token count (0).
double tokens_per_step(const StreamSpec& st) {
  if (st.kind == StreamKind::LlmDecode) return double(st.batch);
  if (st.kind == StreamKind::LlmPrefill) return double(st.batch) * double(st.prompt_tokens);
  return 0;
}

// Every stream with its traffic figures, and for LLM streams their token steps: time from a
// step's first request to its last data, and the whole-model figures extrapolated from the
// simulated slice (docs/scenario-format.md). Figures go by stream id: a generated stream's id
// is its place in the list + 1; a trace's requests carry the ids written in it, each listed
// as a stream of its own.
// An accelerator's stacks (accelerator.stacks): each one's bytes and bandwidth, the hottest, and
// how far it is above the mean.
nlohmann::json stacks_json(const RunStats& s, const MemSpec& m, double simulated_ns, uint64_t interleave_bytes) {
  std::vector<uint64_t> bytes(size_t(m.org.stacks), 0);
  for (size_t c = 0; c < s.bytes_per_channel.size(); ++c) bytes[c / size_t(m.org.channels_per_stack())] += s.bytes_per_channel[c];
  nlohmann::json bandwidth = nlohmann::json::array();
  uint64_t total = 0;
  size_t hottest = 0;
  for (size_t k = 0; k < bytes.size(); ++k) {
    bandwidth.push_back(simulated_ns > 0 ? double(bytes[k]) / simulated_ns : 0.0);
    total += bytes[k];
    if (bytes[k] > bytes[hottest]) hottest = k;
  }
  const double mean = double(total) / double(bytes.size());
  return {{"count", m.org.stacks},
          {"interleave_bytes", interleave_bytes},
          {"bytes", bytes},
          {"bandwidth_GBps", bandwidth},
          {"hottest", hottest},
          {"hottest_over_mean", mean > 0 ? double(bytes[hottest]) / mean : 1.0}};
}

// The sampling record of a stream simulated at layer_fraction f whose whole step extrapolates to
// full_step_ns, and whose check run at fraction g extrapolated to check_full_step_ns: the two
// estimates' relative gap is the reported uncertainty. The two runs are also one larger sample:
// pooled, weighted by their fractions, they err less than either (docs/benchmarks.md, "Sampling
// against a whole step"). The run's own figures stay the headline, so that they do not depend on
// whether the check ran.
nlohmann::json sampling_json(const StreamSpec& st, double full_step_ns, double check_full_step_ns, double relative_fraction) {
  const double f = st.layer_fraction, g = relative_fraction > 0 ? f * relative_fraction : check_layer_fraction(f);
  const double pooled_ns = (full_step_ns * f + check_full_step_ns * g) / (f + g);
  const double tokens = tokens_per_step(st);
  return {{"layer_fraction", f},
          {"check_layer_fraction", g},
          {"check_full_step_ms", check_full_step_ns / 1e6},
          {"uncertainty", std::abs(full_step_ns - check_full_step_ns) / full_step_ns},
          {"pooled_full_step_ms", pooled_ns / 1e6},
          {"pooled_tokens_per_s_bound", tokens > 0 ? nlohmann::json(tokens / (pooled_ns * 1e-9)) : nlohmann::json(nullptr)}};
}

// The generated open-loop streams (tenants) whose last request finished before this LLM
// stream's last one: its later steps ran without their load, which a tenant given by
// duration_ns too short for the decode (or stretched by --sample-scale less than the decode
// slowed) does silently. Each one's last data, and the LLM stream's, in ns.
void add_tenants_ended_first(nlohmann::json& j, const RunStats& s, const Scenario& sc, const StreamSpec& llm) {
  const auto mine = s.streams.find(llm.stream_id);
  if (mine == s.streams.end()) return;
  const double ns = sc.memspec.tCK_ps / 1000.0;
  nlohmann::json ended = nlohmann::json::object();
  for (const StreamSpec& other : sc.traffic.streams) {
    if (is_llm(other.kind) || other.kind == StreamKind::Trace) continue;
    const auto it = s.streams.find(other.stream_id);
    if (it != s.streams.end() && it->second.last_done < mine->second.last_done) {
      ended[other.name] = double(it->second.last_done) * ns;
    }
  }
  if (!ended.empty()) j["tenants_ended_first"] = {{"tenants_ns", ended}, {"own_end_ns", double(mine->second.last_done) * ns}};
}

nlohmann::json streams_json(const RunStats& s, const Scenario& sc, const SamplingCheck* check) {
  nlohmann::json out = nlohmann::json::array();
  const double ns = sc.memspec.tCK_ps / 1000.0;
  const EnergyBreakdown energy = energy_of(s, sc.memspec);
  uint64_t total_bytes = 0;
  for (uint64_t b : s.bytes_per_channel) total_bytes += b;
  // A stream's energy: its own accesses, and its share of background and refresh by bytes.
  // Returns the stream's energy in pJ (0 without a power section).
  auto add_energy = [&](nlohmann::json& j, const StreamTotals& totals) {
    if (!energy.available) return 0.0;
    const double pj = stream_energy_pj(totals, energy, sc.memspec, total_bytes);
    j["energy_mJ"] = pj * 1e-9;
    j["pJ_per_bit"] = totals.bytes > 0 ? nlohmann::json(pj / (8.0 * double(totals.bytes))) : nlohmann::json(nullptr);
    return pj;
  };
  std::set<uint32_t> listed;
  for (const StreamSpec& st : sc.traffic.streams) {
    nlohmann::json j{{"name", st.name}, {"kind", to_string(st.kind)}, {"stream_id", st.stream_id}};
    double stream_pj = 0;
    if (st.kind != StreamKind::Trace) {
      listed.insert(st.stream_id);
      if (auto it = s.streams.find(st.stream_id); it != s.streams.end()) {
        add_traffic(j, it->second, sc.memspec.tCK_ps);
        stream_pj = add_energy(j, it->second);
      }
    }
    if (is_llm(st.kind)) {
      add_tenants_ended_first(j, s, sc, st);
      const bool truncated = s.truncated_after > 0;
      const StepExtrapolation ex = extrapolate_steps(s, st, sc.memspec, truncated);
      const size_t steps_run = ex.steps_seen;  // partial ones included: its energy covers them
      // A run cut short by --max-requests ends inside a step: the last one is partial and is
      // left out (one step complete just at the cut is left out with it).
      if (truncated && steps_run > 0) j["partial_steps_left_out"] = 1;
      const std::vector<uint64_t>& steps = ex.steps;
      j["steps"] = latency_json(steps, sc.memspec.tCK_ps);
      nlohmann::json each = nlohmann::json::array();  // step by step, in order
      for (uint64_t c : steps) each.push_back(double(c) * ns);
      j["step_ns"] = each;
      if (!steps.empty()) {
        const double scale = ex.scale;
        j["full_step_ms"] = ex.full_step_ns / 1e6;
        if (scale != 1) {
          j["plain_full_step_ms"] = ex.plain_full_step_ns / 1e6;
          j["steady_GBps"] = ex.steady_GBps > 0 ? nlohmann::json(ex.steady_GBps) : nlohmann::json(nullptr);
        }
        if (check != nullptr && !truncated) {
          if (auto it = check->check_full_step_ns.find(st.stream_id); it != check->check_full_step_ns.end()) {
            j["sampling"] = sampling_json(st, ex.full_step_ns, it->second, check->relative_fraction);
          }
        }
        const double tokens = tokens_per_step(st);
        j["tokens_per_s_bound"] = tokens > 0 ? nlohmann::json(tokens / (ex.full_step_ns * 1e-9)) : nlohmann::json(nullptr);
        // The roofline: the whole step's bytes at the memory's peak bandwidth.
        if (auto it = s.streams.find(st.stream_id); it != s.streams.end() && tokens > 0 && steps_run > 0) {
          const double step_bytes = double(it->second.bytes) / double(steps_run) * scale;
          j["roofline_tokens_per_s"] = tokens / (step_bytes / sc.memspec.peak_gbps() * 1e-9);
        }
        // The whole model's energy per token on this stack: the simulated slice's energy per
        // step, scaled as its bytes are.
        if (stream_pj > 0 && tokens > 0 && steps_run > 0) {
          const double token_mj = stream_pj / double(steps_run) * scale / tokens * 1e-9;
          j["mJ_per_token"] = token_mj;
          j["tokens_per_J"] = token_mj > 0 ? nlohmann::json(1e3 / token_mj) : nlohmann::json(nullptr);
        }
      }
    }
    out.push_back(j);
  }
  for (const auto& [id, totals] : s.streams) {
    if (listed.count(id) != 0) continue;
    nlohmann::json j{{"name", fmt::format("trace stream {}", id)}, {"kind", "trace"}, {"stream_id", id}};
    add_traffic(j, totals, sc.memspec.tCK_ps);
    add_energy(j, totals);
    out.push_back(j);
  }
  return out;
}

// "stacks        6, interleaved by 4096 B: 180.2 to 190.4 GB/s each; hottest stack 3, 1.03x the mean"
std::string stacks_line(const nlohmann::json& st) {
  const auto& bw = st["bandwidth_GBps"];
  double low = bw[0].get<double>(), high = low;
  for (const auto& b : bw) {
    low = std::min(low, b.get<double>());
    high = std::max(high, b.get<double>());
  }
  return fmt::format("stacks        {}, interleaved by {} B: {:.1f} to {:.1f} GB/s each; hottest stack {}, {:.2f}x the mean\n",
                     st["count"].get<int>(), st["interleave_bytes"].get<uint64_t>(), low, high, st["hottest"].get<size_t>(),
                     st["hottest_over_mean"].get<double>());
}

// How far the full step extrapolated from a check run at another fraction is from this run's,
// with a warning above 5 %.
std::string sampling_line(const nlohmann::json& st) {
  const auto& sm = st["sampling"];
  const double u = sm["uncertainty"].get<double>();
  std::string line = fmt::format("{:<13} sampling uncertainty {:.1f} % (full step {:.3f} ms from a check run at "
                                 "layer_fraction {:g}); the two runs pooled: full step {:.3f} ms",
                                 "", 100.0 * u, sm["check_full_step_ms"].get<double>(),
                                 sm["check_layer_fraction"].get<double>(), sm["pooled_full_step_ms"].get<double>());
  if (sm["pooled_tokens_per_s_bound"].is_number()) {
    line += fmt::format(", {:.0f} tokens/s bound", sm["pooled_tokens_per_s_bound"].get<double>());
  }
  if (u > 0.05) {
    line += fmt::format("\nwarning       {}: sampled figures are uncertain by more than 5 %; rerun with a larger "
                        "sample (--sample-scale 4), or let aimc find one (--sample-until 2)",
                        st["name"].get<std::string>());
  }
  return line + "\n";
}

// "sample        --sample-until 2 %: reached at x8 (decode's full step 54.250 / 60.430 / 62.100 /
// 62.900 ms at x1 / x2 / x4 / x8; x4 and x8 1.3 % apart; search 12.3 s)", and a warning when the
// search stopped short of the target.
std::string sample_search_lines(const nlohmann::json& search) {
  const auto& levels = search["levels"];
  std::string steps, scales;
  for (const auto& [name, ms] : levels.back()["full_step_ms"].items()) {
    std::string each;
    for (const auto& level : levels) {
      const auto& by_name = level["full_step_ms"];
      each += (each.empty() ? "" : " / ") + (by_name.contains(name) ? fmt::format("{:.3f}", by_name[name].get<double>()) : std::string("-"));
    }
    steps += fmt::format("{}{}'s full step {} ms", steps.empty() ? "" : "; ", name, each);
  }
  for (const auto& level : levels) scales += fmt::format("{}x{:g}", scales.empty() ? "" : " / ", level["scale"].get<double>());
  const double scale = search["scale"].get<double>(), gap = search["gap"].get<double>();
  const double until = search["until"].get<double>();
  const bool reached = search["reached"].get<bool>();
  std::string s = fmt::format("sample        --sample-until {:g} %: {} at x{:g} ({} at {}; x{:g} and x{:g} {:.1f} % apart; "
                              "search {:.1f} s)\n",
                              100 * until, reached ? "reached" : "not reached", scale, steps, scales, scale / 2, scale,
                              100 * gap, search["wall_s"].get<double>());
  if (!reached) {
    // The target needs the last two gaps within it: name the one that is not.
    double worst = gap;
    if (levels.size() >= 3 && levels[levels.size() - 3]["gap_to_next"].is_number()) {
      worst = std::max(worst, levels[levels.size() - 3]["gap_to_next"].get<double>());
    }
    s += fmt::format("warning       the figures are x{:g}'s, but the last three scales were up to {:.1f} % apart, more "
                     "than the {:g} % asked: the search stopped at {}\n",
                     scale, 100 * worst, 100 * until, search["stopped_by"].get<std::string>());
  }
  return s;
}

// " (estimated)" without a command stream; " (powered down N% of the time)" with power-down.
std::string background_note(const nlohmann::json& e) {
  if (e["background_estimated"].get<bool>()) return " (estimated)";
  const double down = e.value("powered_down_fraction", 0.0);
  return down > 0 ? fmt::format(" (powered down {:.1f}% of the time)", 100.0 * down) : "";
}

}  // namespace

nlohmann::json sample_search_json(const SampleSearch& search, const Scenario& s) {
  // Scales of the file's sample: the search's own, times any --sample-scale it started from.
  const double base = s.sample_scale;
  nlohmann::json levels = nlohmann::json::array();
  for (const SampleLevel& level : search.levels) {
    nlohmann::json steps = nlohmann::json::object();
    for (const auto& [id, ns] : level.full_step_ns) steps[stream_name(s, id)] = ns / 1e6;
    levels.push_back({{"scale", level.scale * base},
                      {"full_step_ms", steps},
                      {"gap_to_next", level.gap_to_next >= 0 ? nlohmann::json(level.gap_to_next) : nlohmann::json(nullptr)}});
  }
  return {{"until", search.until},
          {"max_scale", search.max_scale * base},
          {"scale", search.scale * base},
          {"gap", search.gap},
          {"reached", search.reached},
          {"wall_s", search.wall_s},
          {"stopped_by", search.reached ? nlohmann::json(nullptr) : nlohmann::json(search.stopped_by)},
          {"levels", levels}};
}

nlohmann::json stats_to_json(const RunStats& s, const Scenario& sc, const SamplingCheck* check) {
  const MemSpec& m = sc.memspec;
  const double simulated_ns = double(s.last_done) * m.tCK_ps / 1000.0;
  uint64_t total_bytes = 0;
  for (uint64_t b : s.bytes_per_channel) total_bytes += b;
  auto gbps = [&](uint64_t bytes) { return simulated_ns > 0 ? double(bytes) / simulated_ns : 0.0; };

  nlohmann::json j;
  j["scenario"] = sc.name;
  j["truncated_after_requests"] = s.truncated_after > 0 ? nlohmann::json(s.truncated_after) : nlohmann::json(nullptr);
  if (!sc.overrides.empty()) j["overrides"] = sc.overrides;  // --set PATH=VALUE, in order
  if (sc.sample_scale != 1) j["sample_scale"] = sc.sample_scale;
  j["memspec"] = m.name;
  j["data_rate_gbps"] = m.data_rate_gbps();
  j["memspec_resolved"] = memspec_json(m);  // after --set: the clock and every timing in cycles
  j["controller_resolved"] = controller_json(sc.controller);
  j["policy"] = to_string(sc.controller.policy);
  j["page_policy"] = to_string(sc.controller.page_policy);
  j["refresh"] = to_string(sc.controller.refresh);
  j["simulated_ns"] = simulated_ns;
  j["wall_s"] = s.wall_s;
  j["requests"] = {{"read", s.read_requests}, {"write", s.write_requests}};
  j["accesses"] = {{"read", s.read_accesses}, {"write", s.write_accesses}};
  j["bytes"] = total_bytes;
  j["bandwidth_GBps"] = gbps(total_bytes);
  j["peak_GBps"] = m.peak_gbps();
  j["bandwidth_utilization"] = m.peak_gbps() > 0 ? gbps(total_bytes) / m.peak_gbps() : 0.0;
  if (m.org.stacks > 1) j["stacks"] = stacks_json(s, m, simulated_ns, sc.controller.address_map.stack_interleave_bytes);
  j["read_latency"] = latency_json(s.latencies_of_direction(false), m.tCK_ps);
  j["write_latency"] = latency_json(s.latencies_of_direction(true), m.tCK_ps);
  nlohmann::json by_class;
  for (int c = 0; c < kNumStreamClasses; ++c) {
    std::vector<uint32_t> cycles = s.latencies_of_class(StreamClass(c));
    if (!cycles.empty()) {
      by_class[std::string(kStreamClassNames[size_t(c)])] = latency_json(std::move(cycles), m.tCK_ps);
    }
  }
  j["class_latency"] = by_class;
  j["streams"] = streams_json(s, sc, check);
  // lt books commands without issuing them: it has no column command stream to measure.
  if (s.tlm.mode == "lt") {
    j["column_bus"] = nullptr;
  } else {
    j["column_bus"] = {{"bank_group_switches", s.bank_group_switches},
                       {"tccd_l_stalls", s.tccd_l_stalls},
                       {"tccd_l_stall_ns", double(s.tccd_l_stall_cycles) * m.tCK_ps / 1000.0}};
  }
  j["row_hits"] = s.row_hits;
  j["row_misses"] = s.row_misses;
  j["row_conflicts"] = s.row_conflicts;
  const uint64_t accesses = s.row_hits + s.row_misses + s.row_conflicts;
  j["row_hit_rate"] = accesses ? double(s.row_hits) / double(accesses) : 0.0;
  nlohmann::json cmds;
  for (int c = 0; c < kNumCommands; ++c) cmds[std::string(kCommandNames[c])] = s.commands[c];
  j["commands"] = cmds;
  nlohmann::json per_channel = nlohmann::json::array();
  for (size_t c = 0; c < s.bytes_per_channel.size(); ++c) {
    per_channel.push_back({{"channel", c}, {"bytes", s.bytes_per_channel[c]},
                           {"bandwidth_GBps", gbps(s.bytes_per_channel[c])}});
  }
  j["per_channel"] = per_channel;
  j["energy"] = energy_json(energy_of(s, m), s, m);
  // lt admits each access to the model's queues with no front-end port to wait at: a 0 would
  // read as "no access waited", which the model does not know.
  if (s.tlm.mode == "lt") {
    j["frontend_stall_ns"] = nullptr;
  } else {
    j["frontend_stall_ns"] = double(s.stall_cycles) * m.tCK_ps / 1000.0;
  }
  j["requests_per_wall_s"] = s.wall_s > 0 ? double(s.read_requests + s.write_requests) / s.wall_s : 0.0;
  if (!s.tlm.mode.empty()) {
    j["tlm"] = {{"mode", s.tlm.mode},
                {"quantum_ns", s.tlm.quantum_ns},
                {"late_admissions", s.tlm.late_admissions},
                {"late_ns", double(s.tlm.late_cycles) * m.tCK_ps / 1000.0},
                {"early_answers", s.tlm.early_answers},
                {"early_answer_ns", double(s.tlm.early_answer_cycles) * m.tCK_ps / 1000.0},
                {"held_back", s.tlm.held_back}};
  }
  return j;
}

// Written beside the target and renamed into place: a run that is killed (a sweep point, a
// cluster job at its time limit) leaves no half-written stats that would read as finished.
// Through a symbolic link (/dev/stdout, say) or into a device or pipe the stats are written in
// place: renaming would replace the link or the device, not write to what it names.
void write_stats_json(const nlohmann::json& j, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;  // a path with nothing there yet gives no status, and that is fine
  const bool link = fs::is_symlink(fs::symlink_status(path, ec));
  const fs::file_status status = fs::status(path, ec);
  if (link || (fs::exists(status) && !fs::is_regular_file(status))) {
    write_text_file(path, j.dump(2) + "\n");
    return;
  }
  const std::string partial = path + ".partial";
  write_text_file(partial, j.dump(2) + "\n");
  fs::rename(partial, path, ec);
  if (ec) throw std::runtime_error(path + ": cannot write (" + ec.message() + ")");
}

std::string format_summary(const nlohmann::json& j) {
  auto lat = [&](const char* key) {
    const auto& l = j[key];
    if (l["count"].get<uint64_t>() == 0) return std::string("-");
    return fmt::format("mean {:.1f} / p50 {:.1f} / p99 {:.1f} / max {:.1f} ns", l["mean_ns"].get<double>(),
                       l["p50_ns"].get<double>(), l["p99_ns"].get<double>(), l["max_ns"].get<double>());
  };
  std::string s;
  const std::string stacks = j.contains("stacks") ? fmt::format("{} x ", j["stacks"]["count"].get<int>()) : "";
  s += fmt::format("scenario      {} on {}{} at {} Gb/s ({}, {} page, {} refresh)\n", j["scenario"].get<std::string>(),
                   stacks, j["memspec"].get<std::string>(), format_data_rate(j["data_rate_gbps"].get<double>()),
                   j["policy"].get<std::string>(),
                   j["page_policy"].get<std::string>(), j["refresh"].get<std::string>());
  if (j.contains("overrides")) {
    for (const auto& o : j["overrides"]) s += fmt::format("override      --set {}\n", o.get<std::string>());
  }
  if (j.contains("sample_search")) {  // the scale the search found, on top of any --sample-scale given
    const double given = j.contains("run") ? j["run"].value("sample_scale", 1.0) : 1.0;
    s += fmt::format("override      sample x{:g} (found by --sample-until{}): sampled layer fractions x {:g}, tenants "
                     "stretched alike\n",
                     j["sample_scale"].get<double>(), given != 1 ? fmt::format(" from --sample-scale {:g}", given) : "",
                     j["sample_scale"].get<double>());
    s += sample_search_lines(j["sample_search"]);
  } else if (j.contains("sample_scale")) {
    s += fmt::format("override      --sample-scale {:g}: sampled layer fractions x {:g}, tenants stretched alike\n",
                     j["sample_scale"].get<double>(), j["sample_scale"].get<double>());
  }
  s += fmt::format("requests      {} read, {} write\n", j["requests"]["read"].get<uint64_t>(),
                   j["requests"]["write"].get<uint64_t>());
  s += fmt::format("simulated     {:.1f} ns\n", j["simulated_ns"].get<double>());
  if (j.contains("stacks")) s += stacks_line(j["stacks"]);
  if (j["truncated_after_requests"].is_number()) {
    s += fmt::format("truncated     after {} requests (--max-requests): every figure covers that part of the "
                     "traffic only, and an LLM stream's last, partial step is left out\n",
                     j["truncated_after_requests"].get<uint64_t>());
  }
  s += fmt::format("bandwidth     {:.1f} GB/s of {:.1f} GB/s peak ({:.1f}%)\n", j["bandwidth_GBps"].get<double>(),
                   j["peak_GBps"].get<double>(), 100.0 * j["bandwidth_utilization"].get<double>());
  s += fmt::format("read latency  {}\n", lat("read_latency"));
  s += fmt::format("write latency {}\n", lat("write_latency"));
  s += fmt::format("rows          {} hits, {} misses, {} conflicts ({:.1f}% hits)\n", j["row_hits"].get<uint64_t>(),
                   j["row_misses"].get<uint64_t>(), j["row_conflicts"].get<uint64_t>(),
                   100.0 * j["row_hit_rate"].get<double>());
  for (const auto& [name, l] : j["class_latency"].items()) {
    if (j["class_latency"].size() < 2) break;  // one class: the read/write lines say it all
    s += fmt::format("{:<13} mean {:.1f} / p99 {:.1f} / max {:.1f} ns ({} requests)\n", name,
                     l["mean_ns"].get<double>(), l["p99_ns"].get<double>(), l["max_ns"].get<double>(),
                     l["count"].get<uint64_t>());
  }
  size_t with_traffic = 0;
  for (const auto& st : j["streams"]) with_traffic += st.contains("requests") ? 1 : 0;
  for (const auto& st : j["streams"]) {
    if (with_traffic < 2 || !st.contains("requests")) continue;  // one stream: the lines above say it
    const auto& l = st["latency"];
    s += fmt::format("stream        {} {:.1f} GB/s over {:.1f} ns, mean {:.1f} / p99 {:.1f} / max {:.1f} ns ({} requests)\n",
                     st["name"].get<std::string>(), st["bandwidth_GBps"].get<double>(), st["active_ns"].get<double>(),
                     l["mean_ns"].get<double>(), l["p99_ns"].get<double>(), l["max_ns"].get<double>(), l["count"].get<uint64_t>());
  }
  for (const auto& st : j["streams"]) {
    if (!st.contains("full_step_ms") && st.contains("partial_steps_left_out")) {
      s += fmt::format("{:<13} no complete step: the run was cut short inside the first\n", st["name"].get<std::string>());
    }
    if (!st.contains("full_step_ms")) continue;
    s += fmt::format("{:<13} {} steps, mean {:.1f} / max {:.1f} ns simulated; full step {:.3f} ms", st["name"].get<std::string>(),
                     st["steps"]["count"].get<uint64_t>(), st["steps"]["mean_ns"].get<double>(),
                     st["steps"]["max_ns"].get<double>(), st["full_step_ms"].get<double>());
    if (st["tokens_per_s_bound"].is_number()) s += fmt::format(", {:.0f} tokens/s bound", st["tokens_per_s_bound"].get<double>());
    if (st.contains("roofline_tokens_per_s")) s += fmt::format(" (roofline {:.0f})", st["roofline_tokens_per_s"].get<double>());
    if (st.contains("mJ_per_token")) s += fmt::format(", {:.1f} mJ/token", st["mJ_per_token"].get<double>());
    s += "\n";
    if (st.contains("sampling")) s += sampling_line(st);
    if (st.contains("tenants_ended_first")) {
      const auto& e = st["tenants_ended_first"];
      const double own_end_us = e["own_end_ns"].get<double>() / 1000.0;
      for (const auto& [name, ended_ns] : e["tenants_ns"].items()) {
        const double ended_us = ended_ns.get<double>() / 1000.0;
        s += fmt::format("note          {}'s last request finished at {:.1f} us, {}'s at {:.1f} us: {}'s last {:.1f} us "
                         "ran without that load\n",
                         name, ended_us, st["name"].get<std::string>(), own_end_us, st["name"].get<std::string>(),
                         own_end_us - ended_us);
      }
    }
  }
  if (j["energy"].is_object()) {
    const auto& e = j["energy"];
    const auto& c = e["components_pJ"];
    const double total = e["total_pJ"].get<double>();
    auto pct = [&](double pj) { return total > 0 ? 100.0 * pj / total : 0.0; };
    const std::string per_stack =
        j.contains("stacks") ? fmt::format(" ({:.2f} W per stack)", e["power_per_stack_W"].get<double>()) : "";
    s += fmt::format("energy        {:.2f} uJ, {:.2f} W{}, {:.2f} pJ/bit: activation {:.0f}%, column {:.0f}%, I/O {:.0f}%, "
                     "background {:.0f}%{}, refresh {:.0f}%\n",
                     total * 1e-6, e["average_power_W"].get<double>(), per_stack,
                     e["pJ_per_bit"].is_number() ? e["pJ_per_bit"].get<double>() : 0.0, pct(c["activation"].get<double>()),
                     pct(c["read_core"].get<double>() + c["write_core"].get<double>()), pct(c["io"].get<double>()),
                     pct(c["background"].get<double>()), background_note(e), pct(c["refresh"].get<double>()));
  }
  if (j["column_bus"].is_object()) {
    s += fmt::format("column bus    {} bank-group switches, {} tCCD_L stalls ({:.1f} ns)\n",
                     j["column_bus"]["bank_group_switches"].get<uint64_t>(), j["column_bus"]["tccd_l_stalls"].get<uint64_t>(),
                     j["column_bus"]["tccd_l_stall_ns"].get<double>());
  }
  std::string cmds;
  for (const auto& [name, count] : j["commands"].items()) {
    if (count.get<uint64_t>() > 0) cmds += fmt::format("{} {}  ", name, count.get<uint64_t>());
  }
  s += "commands      " + cmds + "\n";
  if (j.contains("tlm")) {
    const auto& t = j["tlm"];
    s += fmt::format("tlm           {} mode", t["mode"].get<std::string>());
    if (t["mode"] == "lt") {
      s += fmt::format(", quantum {:g} ns, {} late admissions ({:.1f} ns late in total)", t["quantum_ns"].get<double>(),
                       t["late_admissions"].get<uint64_t>(), t["late_ns"].get<double>());
      const uint64_t early = t["early_answers"].get<uint64_t>();
      if (early > 0) {
        s += fmt::format(", {} answers early by {:.1f} ns on average", early, t["early_answer_ns"].get<double>() / double(early));
      }
    }
    if (t["held_back"].get<uint64_t>() > 0) {
      s += fmt::format(", {} requests held back at the initiator's thread limit (use at mode)", t["held_back"].get<uint64_t>());
    }
    s += "\n";
  }
  s += fmt::format("wall          {:.3f} s ({})\n", j["wall_s"].get<double>(), format_rate(j["requests_per_wall_s"].get<double>()));
  return s;
}

std::string format_rate(double requests_per_s) {
  if (requests_per_s >= 1e6) return fmt::format("{:.2f} M requests/s", requests_per_s / 1e6);
  if (requests_per_s >= 1e3) return fmt::format("{:.2f} k requests/s", requests_per_s / 1e3);
  return fmt::format("{:.0f} requests/s", requests_per_s);
}

}  // namespace aimc
