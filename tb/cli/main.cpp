// aimc: command-line front door.
//   aimc run SCENARIO.yaml [--set PATH=VALUE]... [overrides] [--backend model|tlm|rtl] [--cmd-trace F.csv] [--stats F.json] [--check]
//            [--wave F.fst|F.vcd [--wave-from NS] [--wave-until NS]]
//   aimc compare-policies SCENARIO.yaml... [--policies P...] [--seeds N] [--set PATH=VALUE]... [--sweep PATH=V1,V2,...]
//   aimc sweep SWEEP.yaml [-o DIR] [-j N] [--dry-run] [--slurm [--partition P] [--chunk K] [--no-submit]] [--emit-parallel F]
//   aimc sweep collect DIR
//   aimc report STATS.json... [--sweep DIR] -o OUT   (plots and an HTML page; tools/report)
//   aimc compare SCENARIO.yaml... [--policies P...] [--set PATH=VALUE]... [--max-requests N] [--reference model|tlm]
//                [--wave-dir D] [--wave-window N]
//                (model vs RTL; on a mismatch, both backends' waveforms around the divergence)
//   aimc wave-layout --memspec M.yaml [--channel N] [--compare] --out F.gtkw
//   aimc check CMDS.csv --memspec M.yaml [--refresh all_bank|per_bank|off]
//   aimc gen-trace --pattern seq|random|write-read --requests N --out F.trace [...]
// Exit codes: 0 success, 1 protocol violations or model/RTL mismatch, 2 bad input, 3 internal error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>

#include "aimc_version.h"  // generated: AIMC_VERSION
#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "tb/protocol/cmd_trace_reader.h"
#include "tb/device/device_check.h"
#include "tb/protocol/protocol_checker.h"
#include "tb/sim/arrival_trace_writer.h"
#include "tb/sim/cmd_trace_writer.h"
#include "models/params/yaml_override.h"
#include "tb/sim/memspec_report.h"
#include "tb/sim/progress_bar.h"
#include "tb/sim/sample_search.h"
#include "tb/sim/sampling_check.h"
#include "tb/sim/stats_report.h"
#include "tb/sim/trace_driver.h"
#include "tb/rtl/backend_compare.h"
#include "tb/rtl/rtl_backend.h"
#include "tb/cli/compare_policies.h"
#include "tb/cli/replay.h"
#include "tb/cli/run_args.h"
#include "tb/cli/sweep_command.h"
#include "tb/sweep/sweep_spec.h"
#include "tb/sim/rtl_package.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/text_file.h"
#include "tb/sim/time_series.h"
#include "tb/sim/usable_cpus.h"
#include "tb/tlm/tlm_run.h"
#include "tb/traffic/issue_gate.h"
#include "tb/traffic/synthetic_trace.h"
#include "tb/wave/controller_waves.h"
#include "tb/wave/gtkw_layout.h"
#include "tb/wave/wave_buffer.h"
#include "tb/wave/wave_file.h"

namespace aimc {
namespace {

constexpr int kExitViolations = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 3;
const std::vector<std::string> kNoSets;
// An output path given as "" would read as "no output" and write nothing without a word.
const CLI::Validator kNonEmpty([](std::string& path) { return path.empty() ? std::string("empty path") : std::string(); },
                               "");
// A number that is finite: CLI::Range and CLI::NonNegativeNumber let NaN through (every
// comparison with it is false), and a NaN scale or window then hangs a run or empties a trace.
const CLI::Validator kFinite(
    [](std::string& text) {
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      return end != text.c_str() && std::isfinite(v) ? std::string() : "not a finite number: " + text;
    },
    "");
CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        const std::string not_finite = kFinite(text);
        if (!not_finite.empty()) return not_finite;
        const double v = std::strtod(text.c_str(), nullptr);
        return v >= lo && v <= hi ? std::string() : fmt::format("value {} not in range {:g} to {:g}", text, lo, hi);
      },
      fmt::format("FLOAT in [{:g} - {:g}]", lo, hi));
}
constexpr const char* kRtlThreadsHelp =
    "Threads clocking the RTL's channels, 0: one per CPU this process may use (at most one per channel); the results are the same";
constexpr const char* kSetHelp =
    "PATH=VALUE: change one field of the scenario file before it is read (repeatable), e.g. "
    "controller.ai_aware.age_limit_ns=4000, traffic.streams.prefill.rate_gbps=100, memspec.timing.nRFCab=600 "
    "(docs/scenario-format.md, \"Command-line overrides\")";
constexpr const char* kSampleScaleHelp =
    "K: simulate K times the sample of every LLM stream that samples its layers (layer_fraction x K) and stretch the "
    "other generated streams in time alike, as the sampling check does (docs/scenario-format.md, \"Sampling uncertainty\")";

// --sample-until PCT and --sample-until-max K (docs/scenario-format.md, "Sampling to a target").
void add_sample_until_options(CLI::App* app, double& pct, double& max_scale, const char* help) {
  CLI::Option* until = app->add_option("--sample-until", pct, help)->check(finite_range(0.1, 50.0));
  app->add_option("--sample-until-max", max_scale, "The largest scale --sample-until may run")
      ->check(finite_range(kFewestScalesToAnswer, 10000.0))
      ->needs(until)
      ->capture_default_str();
}

// Applies command-line overrides on top of the scenario file (or builds a scenario from
// --memspec and --trace alone).
Scenario resolve_scenario(const RunArgs& a) {
  Scenario s;
  std::vector<YamlOverride> overrides = parse_overrides(a.sets);
  if (a.queue_depth > 0 && !a.scenario.empty()) {
    // Written into the file like a --set, so the file's reserve and drain marks meet its checks.
    overrides.push_back(parse_override(fmt::format("controller.queue_depth={}", a.queue_depth), "--queue-depth"));
  }
  if (!a.scenario.empty()) {
    s = load_scenario(a.scenario, overrides);
  } else {
    if (!a.sets.empty()) throw ConfigError("(command line)", 0, "--set", "--set changes a scenario file; give one");
    if (a.memspec.empty() || a.trace.empty()) {
      throw ConfigError("(command line)", 0, "", "give a SCENARIO file, or both --memspec and --trace");
    }
    s.name = "command-line";
    s.source_file = "(command line)";
    s.address_map_origin = "(command line)";
  }
  if (!a.memspec.empty()) {
    // The memspec.* overrides go into this file instead of the scenario's.
    s.memspec = load_memspec(a.memspec, take_overrides_under(overrides, "memspec"));
  }
  if (!a.trace.empty()) {
    StreamSpec t;
    t.name = "trace";
    t.kind = StreamKind::Trace;
    t.stream_id = 1;
    t.file = "(command line)";
    t.field = "--trace";
    t.trace_path = a.trace;
    s.traffic.streams = {t};
  }
  if (!a.trace_format.empty()) {
    bool any_trace = false;
    for (StreamSpec& t : s.traffic.streams) {
      if (t.kind != StreamKind::Trace) continue;
      t.format = trace_format_from_name(a.trace_format);
      any_trace = true;
    }
    if (!any_trace) throw ConfigError("(command line)", 0, "--trace-format", "this run reads no trace (give --trace)");
  }
  ControllerConfig& c = s.controller;
  if (!a.policy.empty()) c.policy = scheduler_policy_from_name(a.policy);
  if (!a.page_policy.empty()) c.page_policy = page_policy_from_name(a.page_policy);
  if (!a.refresh.empty()) c.refresh = refresh_policy_from_name(a.refresh);
  if (a.queue_depth > 0 && a.scenario.empty()) {
    c.queue_depth = a.queue_depth;
    fit_ai_aware_to_queue(c);
  }
  if (a.row_hit_cap > 0) c.row_hit_cap = a.row_hit_cap;
  if (a.xor_bank_hash) c.address_map.xor_bank_hash = true;
  if (a.sample_scale != 1) s = scaled_sample(s, a.sample_scale);
  return a.seed_offset != 0 ? reseeded(std::move(s), a.seed_offset) : s;
}

WaveWindow wave_window(const RunArgs& a, const MemSpec& m) {
  // A window past any run (or NaN) would overflow the cycle count.
  const double latest_ns = 2 * kMaxArrivalNs;
  if (!(a.wave_from_ns <= latest_ns)) {
    throw ConfigError("(command line)", 0, "--wave-from", fmt::format("must be a time up to {:g} ns", latest_ns));
  }
  if (!(a.wave_until_ns <= latest_ns)) {
    throw ConfigError("(command line)", 0, "--wave-until", fmt::format("must be a time up to {:g} ns", latest_ns));
  }
  WaveWindow w;
  w.power_window_ns = a.wave_power_ns;
  w.from = Cycle(std::floor(a.wave_from_ns * 1000.0 / m.tCK_ps));
  if (a.wave_until_ns >= 0) w.until = Cycle(std::ceil(a.wave_until_ns * 1000.0 / m.tCK_ps));
  if (w.until <= w.from) throw ConfigError("(command line)", 0, "--wave-until", "the window ends before it starts");
  return w;
}

void check_wave_channel(int channel, const MemSpec& m) {
  if (channel >= m.org.channels) {
    throw ConfigError("(command line)", 0, "--wave-channel", fmt::format("the stack has {} channels", m.org.channels));
  }
}

// X.fst -> X.fst.gtkw, opening X.fst on the given channel: X.fst and X.vcd each keep their own.
// `start`: the cycle the view opens at (the channel's first command, a little before).
void write_layout_beside(const std::string& wave, const MemSpec& m, int channel, Cycle start, bool quiet,
                         const std::vector<std::pair<std::string, int>>& rtl_internals = {}) {
  check_wave_channel(channel, m);
  const std::string layout_path = wave + ".gtkw";
  GtkwLayout layout;
  layout.start_ps = m.cycle_ps(start);
  layout.dump_file = std::filesystem::absolute(wave).string();
  layout.scopes = {"aimc"};
  layout.channel = channel;
  layout.rtl_internals = rtl_internals;
  write_text_file(layout_path, gtkw_layout(m, layout));
  if (!quiet) fmt::print("waveform: {} (view: gtkwave {})\n", wave, layout_path);
}

// `located(v)`: where the violating command is, for the reader (a CSV line, or the command).
int print_violations(const std::vector<Violation>& v, uint64_t checked,
                     const std::function<std::string(const Violation&)>& located) {
  constexpr size_t kShown = 20;
  for (size_t i = 0; i < v.size() && i < kShown; ++i) {
    fmt::print(stderr, "violation  {:<24} {}: {}\n", v[i].rule, located(v[i]), v[i].message);
  }
  if (v.size() > kShown) fmt::print(stderr, "... {} more violations\n", v.size() - kShown);
  fmt::print("protocol check: {} commands, {} violations\n", checked, v.size());
  return v.empty() ? 0 : kExitViolations;
}

// An output path that names an input file would erase that input before it is read.
void check_outputs_are_not_inputs(const std::vector<std::string>& inputs,
                                  const std::vector<std::pair<const char*, std::string>>& outputs) {
  namespace fs = std::filesystem;
  // Two outputs in one file: the last would erase the first (a device such as /dev/null may
  // take several).
  auto same_file = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    const fs::file_status status = fs::status(a, ec);
    if (fs::exists(status) && !fs::is_regular_file(status)) return false;
    const fs::path ca = fs::weakly_canonical(a, ec);
    if (ec) return a == b;
    const fs::path cb = fs::weakly_canonical(b, ec);
    return ec ? a == b : ca == cb;
  };
  for (size_t i = 0; i < outputs.size(); ++i) {
    for (size_t k = 0; k < i; ++k) {
      if (!outputs[i].second.empty() && !outputs[k].second.empty() && same_file(outputs[i].second, outputs[k].second)) {
        throw ConfigError("(command line)", 0, outputs[i].first,
                          fmt::format("'{}' is also {}'s file", outputs[i].second, outputs[k].first));
      }
    }
  }
  for (const auto& [option, out] : outputs) {
    if (out.empty()) continue;
    for (const std::string& in : inputs) {
      std::error_code ec;
      const bool same = fs::exists(out, ec) ? fs::equivalent(in, out, ec)
                                            : fs::weakly_canonical(in, ec) == fs::weakly_canonical(out, ec);
      if (same) throw ConfigError("(command line)", 0, option, fmt::format("'{}' is an input of this run", out));
    }
  }
}

// The files a run reads: the scenario, its memspec and its trace files.
std::vector<std::string> inputs_of(const RunArgs& a, const Scenario& s) {
  std::vector<std::string> in = {s.memspec.source_file};
  if (!a.scenario.empty()) in.push_back(a.scenario);
  for (const StreamSpec& st : s.traffic.streams) {
    if (st.kind == StreamKind::Trace) in.push_back(st.trace_path);
  }
  return in;
}

// The TLM options, checked before any output file is opened.
void check_tlm_options(const RunArgs& a) {
  const bool through_tlm = a.backend == "tlm" || a.tlm_socket;
  if (!through_tlm && (a.tlm_mode_given || a.quantum_given)) {
    throw ConfigError("(command line)", 0, a.tlm_mode_given ? "--tlm-mode" : "--quantum-ns",
                      "applies to the TLM target only: add --backend tlm (or --tlm-socket)");
  }
  if (a.quantum_given && a.tlm_mode != "lt") {
    throw ConfigError("(command line)", 0, "--quantum-ns", "is the quantum of --tlm-mode lt");
  }
  // lt books requests with an analytic model: there is no command stream to write, check or
  // draw, and no pin-level controller behind it.
  if (through_tlm && a.tlm_mode == "lt") {
    const std::pair<const char*, bool> needs_commands[] = {
        {"--cmd-trace", !a.cmd_trace.empty()}, {"--check", a.check}, {"--wave", !a.wave.empty()},
        {"--backend", a.backend == "rtl"}};
    for (const auto& [option, given] : needs_commands) {
      if (given) {
        throw ConfigError("(command line)", 0, option,
                          "needs a command stream, which --tlm-mode lt does not produce (its timing is an analytic "
                          "model); use --tlm-mode at, which is cycle-exact (docs/timing-model.md)");
      }
    }
  }
}

// A scratch folder, removed with everything in it when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "aimc-replay-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a scratch folder in " + pattern);
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --sample-until: the sample scale is searched first on the core (tb/sim/sample_search.h), and
// the run is made at the answer; without it, the scenario as resolved.
Scenario with_searched_sample(const RunArgs& a, Scenario s, std::optional<SampleSearch>& search) {
  if (a.sample_until_pct <= 0) return s;
  auto refuse = [](const std::string& why) { return ConfigError("(command line)", 0, "--sample-until", why); };
  if (a.max_requests > 0) throw refuse("compares whole runs; it cannot be used with --max-requests");
  if (a.no_sampling_check) throw refuse("is a sampling check at growing scales; it cannot be used with --no-sampling-check");
  if (!samples_layer_bytes(s)) throw refuse("no LLM stream of this scenario samples its layers (layer_fraction < 1)");
  check_searchable(s);
  // Each level as it is found: the search runs before the run's own progress bar.
  const SampleLevelReport report = a.quiet ? SampleLevelReport{} : [&s](const SampleLevel& level, const SampleLevel* below) {
    for (const auto& [id, ns] : level.full_step_ns) {
      std::string gap;
      if (below != nullptr) {
        if (const auto it = below->full_step_ns.find(id); it != below->full_step_ns.end()) {
          gap = fmt::format(", {:.1f} % from the scale below", 100 * std::abs(ns - it->second) / ns);
        }
      }
      fmt::print(stderr, "sample search x{:g}: {} full step {:.3f} ms{}\n", level.scale * s.sample_scale,
                 stream_name(s, id), ns / 1e6, gap);
    }
  };
  search = search_sample_scale(s, a.sample_until_pct / 100, a.sample_until_max, report);
  return scaled_sample(s, search->scale);
}

// One run, with its options as given or as replayed (run_command).
int run_with(const RunArgs& a) {
  const Scenario resolved = resolve_scenario(a);
  check_tlm_options(a);
  // --wave-rtl: the testbench's signals and the RTL's own are dumped into two buffers, merged
  // into the file at the end (one time axis); `out` is set once the run's waves are set up.
  if (a.wave_rtl > 0 && (a.backend != "rtl" || a.wave.empty() || a.tlm_socket)) {
    throw ConfigError("(command line)", 0, "--wave-rtl", "needs --backend rtl (without --tlm-socket) and --wave");
  }
  RtlWaveRequest internals;
  // Made first: a binary without the RTL refuses --backend rtl before any output file is opened.
  const TraceDriver::BackendFactory backend =
      a.backend == "rtl"
          ? rtl_backend(resolved.source_file, a.rtl_threads, a.wave_rtl > 0 ? &internals : nullptr, !a.rtl_no_idle_skip)
          : nullptr;
  check_outputs_are_not_inputs(inputs_of(a, resolved), {{"--cmd-trace", a.cmd_trace},
                                                        {"--stats", a.stats},
                                                        {"--wave", a.wave},
                                                        {"--arrivals-trace", a.arrivals_trace}});
  if (!a.wave.empty()) {  // checked again below; here so that a search does not run first
    wave_window(a, resolved.memspec);
    check_wave_channel(a.wave_channel, resolved.memspec);
  }
  // Every option is checked: now the search, which can take minutes (the memspec and the files
  // read stay those of `resolved`).
  std::optional<SampleSearch> search;
  const Scenario s = with_searched_sample(a, resolved, search);
  std::vector<ControllerListener*> listeners;
  std::optional<CmdTraceWriter> writer;
  if (!a.cmd_trace.empty()) {
    writer.emplace(a.cmd_trace, s.memspec.tCK_ps);
    listeners.push_back(&*writer);
  }
  std::optional<ArrivalTraceWriter> arrivals;
  if (!a.arrivals_trace.empty()) {
    arrivals.emplace(a.arrivals_trace, s.memspec);
    listeners.push_back(&*arrivals);
  }
  std::optional<DeviceCheck> device_check;
  if (a.check) {
    device_check.emplace(s.memspec, s.controller.refresh);
    for (ControllerListener* l : device_check->listeners()) listeners.push_back(l);
  }
  std::unique_ptr<WaveFile> wave_file;
  std::optional<ControllerWaves> waves;
  WaveBuffer bench_waves, rtl_waves;  // --wave-rtl only
  if (!a.wave.empty()) {
    // Every wave option is checked before the file is created and the run starts.
    const WaveWindow window = wave_window(a, s.memspec);
    check_wave_channel(a.wave_channel, s.memspec);
    wave_file = open_wave_file(a.wave);
    waves.emplace(a.wave_rtl > 0 ? bench_waves : *wave_file, s.memspec, "aimc", window);
    listeners.push_back(&*waves);
    internals = {&rtl_waves, "rtl", a.wave_channel, a.wave_rtl, window.from, window.until};
  }
  std::optional<TimeSeriesRecorder> series;
  if (a.timeseries_ns > 0) {
    series.emplace(s, a.timeseries_ns);
    listeners.push_back(&*series);
  }
  ProgressBar bar;
  TraceDriver::Progress progress;
  if (!a.no_progress && !a.quiet && bar.enabled()) progress = [&](double f) { bar.update(f); };
  const bool through_tlm = a.backend == "tlm" || a.tlm_socket;
  const TlmRunOptions tlm_options{tlm_run_mode_from_name(a.tlm_mode), a.quantum_ns};
  // Sampled LLM streams: a second run on the core at twice their layer_fraction says how far the
  // whole-model figures can be trusted (tb/sim/sampling_check.h). It shares nothing with this
  // run, so it runs beside it on a thread of its own.
  std::future<SamplingCheck> sampling_check;
  if (!search && !a.no_sampling_check && a.max_requests == 0 && samples_layer_bytes(s)) {
    sampling_check = std::async(std::launch::async, [&s] { return run_sampling_check(s); });
  }
  // The search's answer was run on the core as this run would be: its statistics are this run's.
  const bool searched_run_is_this_run = search && !through_tlm && a.backend == "model" && listeners.empty();
  const RunStats stats = searched_run_is_this_run ? *search->answer_stats
                         : through_tlm ? run_scenario_tlm(s, listeners, a.max_requests, backend, tlm_options, progress)
                                       : run_scenario(s, listeners, progress, backend, a.max_requests);
  bar.finish();
  if (writer) writer->close();
  if (arrivals) arrivals->close();
  if (waves) {
    waves->finish(stats.last_done + 1);
    if (a.wave_rtl > 0) write_merged(*wave_file, {&bench_waves, &rtl_waves});
    wave_file->close();
    // The view opens just before the shown channel's first command, inside the dumped window.
    const Cycle first = waves->first_command(a.wave_channel);
    const Cycle from = wave_window(a, s.memspec).from;
    const Cycle start = first == kNever ? from : std::max(from, first > 8 ? first - 8 : 0);
    write_layout_beside(a.wave, s.memspec, a.wave_channel, start, a.quiet, rtl_waves.signals());
  }
  std::optional<SamplingCheck> sampling;
  if (search) sampling = search->check;  // the scale below the answer
  if (sampling_check.valid()) sampling = sampling_check.get();
  nlohmann::json j = stats_to_json(stats, s, sampling ? &*sampling : nullptr);
  if (search) j["sample_search"] = sample_search_json(*search, resolved);
  // How the run was made, so that a stats file says what produced it.
  j["run"] = {{"aimc_version", AIMC_VERSION},
              {"backend", through_tlm ? "tlm" : a.backend},
              {"tlm_mode", through_tlm ? nlohmann::json(a.tlm_mode) : nlohmann::json(nullptr)},
              {"max_requests", a.max_requests > 0 ? nlohmann::json(a.max_requests) : nlohmann::json(nullptr)},
              {"policy", to_string(s.controller.policy)},
              {"seed_offset", a.seed_offset},
              {"sample_scale", a.sample_scale},
              {"command_line", a.command_line}};
  if (!a.from_stats.empty()) {
    // The record this run was replayed from, with the original paths (not the scratch copies).
    std::ifstream in(a.from_stats);
    j["run"]["replay"] = nlohmann::json::parse(in)["run"]["replay"];
    j["run"]["replayed_from"] = std::filesystem::absolute(a.from_stats).string();
  } else {
    j["run"]["replay"] = replay_record(a, s);
  }
  if (series) j["timeseries"] = series->to_json(stats, stats.last_done + 1);
  if (!a.stats.empty()) write_stats_json(j, a.stats);
  if (!a.quiet) fmt::print("{}", format_summary(j));
  if (device_check) {
    device_check->finish(stats.last_done);
    fmt::print("{}", device_check->report());
    return device_check->passed() ? 0 : kExitViolations;
  }
  return 0;
}

int run_command(const RunArgs& given) {
  if (given.from_stats.empty()) return run_with(given);
  // --from-stats: the recorded run's inputs and options, with this command line's outputs. The
  // recorded files are copied below a scratch folder; an error in one, found at load or while
  // running, names the file as recorded, not its copy.
  ScratchDir scratch;
  const RunArgs a = replay_args(given.from_stats, given, scratch.path());
  try {
    return run_with(a);
  } catch (const ConfigError& e) {
    if (e.file().rfind(scratch.path(), 0) != 0) throw;
    throw ConfigError(e.file().substr(scratch.path().size()), e.line(), e.field(),
                      e.reason() + " (in the copy " + given.from_stats + " recorded)");
  }
}

// One JUnit test case per comparison: CI systems show them as tests.
std::string junit_xml(const std::vector<std::pair<std::string, std::string>>& cases /* name, failure ("": passed) */,
                      double seconds) {
  auto escaped = [](const std::string& text) {
    std::string out;
    for (char ch : text) {
      switch (ch) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += ch;
      }
    }
    return out;
  };
  size_t failures = 0;
  for (const auto& c : cases) failures += c.second.empty() ? 0 : 1;
  std::string xml = fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"aimc compare\" tests=\"{}\" "
                                "failures=\"{}\" time=\"{:.3f}\">\n",
                                cases.size(), failures, seconds);
  for (const auto& [name, failure] : cases) {
    xml += fmt::format("  <testcase classname=\"aimc.compare\" name=\"{}\"", escaped(name));
    xml += failure.empty() ? "/>\n" : fmt::format(">\n    <failure message=\"model and RTL differ\">{}</failure>\n  </testcase>\n", escaped(failure));
  }
  return xml + "</testsuite>\n";
}

// Model vs RTL on each scenario under each policy (and seed); exit 1 if any differ.
int compare_command(RunArgs a, const std::vector<std::string>& scenarios, const std::vector<std::string>& policies,
                    int seeds, const std::string& junit) {
  const auto start = std::chrono::steady_clock::now();
  size_t runs = 0, passed = 0;
  CompareCoverage total;
  std::vector<std::pair<std::string, std::string>> cases;
  for (const std::string& path : scenarios) {
    a.scenario = path;
    for (const std::string& policy : policies.empty() ? std::vector<std::string>{""} : policies) {
      a.policy = policy;
      for (int seed = 0; seed < seeds; ++seed) {
        const Scenario s = reseeded(resolve_scenario(a), seed);
        ProgressBar bar;
        BackendPair backends = default_backends(
            s, a.rtl_threads, bar.enabled() ? TraceDriver::Progress([&bar](double f) { bar.update(f); }) : nullptr);
        if (a.reference == "tlm") {
          backends.model = [](const Scenario& sc, const std::vector<ControllerListener*>& l, uint64_t n) {
            return run_scenario_tlm(sc, l, n);
          };
          backends.model_name = "TLM model (at mode)";
        }
        const BackendComparison c = compare_backends(s, a.max_requests, backends);
        bar.finish();
        if (seeds > 1) fmt::print("seed {}: ", seed);
        const std::string report = format_comparison(c, s.memspec);
        fmt::print("{}", report);
        ++runs;
        passed += c.passed() ? 1 : 0;
        total.add(c.model.stats, s.controller.refresh, s.controller.page_policy);
        const std::string name = fmt::format("{}.{}{}", c.scenario, c.policy, seeds > 1 ? fmt::format(".seed{}", seed) : "");
        cases.emplace_back(name, c.passed() ? "" : report);
        if (c.first_divergence && !a.wave_dir.empty()) {
          std::filesystem::create_directories(a.wave_dir);
          const std::string stem =
              (std::filesystem::path(a.wave_dir) / fmt::format("{}_{}{}", c.scenario, c.policy, seeds > 1 ? fmt::format("_seed{}", seed) : ""))
                  .string();
          const std::string gtkw =
              dump_divergence_waves(s, a.max_requests, backends, *c.first_divergence, stem, Cycle(a.wave_window));
          fmt::print("  waveform:  {}.fst, cycles +-{} around the divergence (gtkwave {})\n", stem, a.wave_window, gtkw);
        }
      }
    }
  }
  const std::vector<std::string> missing = total.never_exercised();
  fmt::print("compare: {} of {} runs identical and clean{}{}\n", passed, runs,
             missing.empty() ? "; every expected feature exercised" : "; never exercised in any run: ",
             fmt::join(missing, ", "));
  if (!junit.empty()) {
    write_text_file(junit, junit_xml(cases, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()));
  }
  return passed == runs ? 0 : kExitViolations;
}

// `aimc report ARGS`: the Python report tool (tools/report, matplotlib) with the same arguments.
// AIMC_PYTHON and AIMC_REPORT_DIR point elsewhere than Debian's python3 and this source tree.
int report_command(const std::vector<std::string>& args) {
  const char* python_env = std::getenv("AIMC_PYTHON");
  const char* dir_env = std::getenv("AIMC_REPORT_DIR");
  const std::string python = python_env ? python_env : std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string dir = dir_env ? dir_env : std::string(AIMC_SOURCE_DIR) + "/tools/report";
  if (!std::filesystem::is_directory(dir + "/aimc_report")) {
    throw ConfigError("(command line)", 0, "report", "the report tool is not at " + dir + "/aimc_report (set AIMC_REPORT_DIR)");
  }
  const char* old_path = std::getenv("PYTHONPATH");
  const std::string path = dir + (old_path && *old_path ? ":" + std::string(old_path) : "");
  setenv("PYTHONPATH", path.c_str(), 1);
  setenv("PYTHONDONTWRITEBYTECODE", "1", 0);  // no __pycache__ in the source tree
  std::vector<std::string> argv_text = {python, "-m", "aimc_report"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  execvp(python.c_str(), argv.data());
  fmt::print(stderr, "error: cannot run {}: {} (install python3-matplotlib: tools/install-deps.sh)\n", python, std::strerror(errno));
  return kExitBadInput;
}

int check_command(const std::string& csv, const std::string& memspec_path, const std::string& refresh) {
  const MemSpec m = load_memspec(memspec_path);
  ProtocolChecker checker(m, refresh_policy_from_name(refresh));
  std::vector<int> lines;
  const std::vector<CommandRecord> cmds = read_cmd_trace(csv, m.tCK_ps, &lines);
  for (const CommandRecord& c : cmds) checker.check(c);
  checker.finish(cmds.empty() ? 0 : cmds.back().cycle);
  return print_violations(checker.violations(), checker.commands_checked(), [&](const Violation& v) {
    if (v.command < 0) return fmt::format("{} ({})", csv, v.where);
    return fmt::format("{}:{} ({})", csv, lines[size_t(v.command)], v.where);
  });
}

}  // namespace
}  // namespace aimc

static int run_cli(int argc, char** argv) {
  using namespace aimc;
  CLI::App app{"aimc: HBM3E AI memory controller model"};
  app.set_version_flag("--version", std::string("aimc ") + AIMC_VERSION);
  app.require_subcommand(1);

  RunArgs ra;
  CLI::App* run = app.add_subcommand("run", "Simulate a scenario or a trace and report statistics");
  run->add_option("scenario", ra.scenario, "Scenario YAML (scenarios/*.yaml)")->check(CLI::ExistingFile);
  run->add_option("--set", ra.sets, kSetHelp)->allow_extra_args(false);
  run->add_option("--memspec", ra.memspec, "Memspec YAML; overrides the scenario's")->check(CLI::ExistingFile);
  run->add_option("--trace", ra.trace, "Trace file; overrides the scenario's")->check(CLI::ExistingFile);
  run->add_option("--trace-format", ra.trace_format, "native | dramsim3 | ramulator")
      ->check(CLI::IsMember({"native", "dramsim3", "ramulator"}));
  run->add_option("--policy", ra.policy, "Scheduler: fcfs | fr_fcfs | ai_aware")->check(CLI::IsMember({"fcfs", "fr_fcfs", "ai_aware"}));
  run->add_option("--page-policy", ra.page_policy, "open | closed")->check(CLI::IsMember({"open", "closed"}));
  run->add_option("--refresh", ra.refresh, "all_bank | per_bank | off")
      ->check(CLI::IsMember({"all_bank", "per_bank", "off"}));
  run->add_option("--queue-depth", ra.queue_depth, "Accesses queued per pseudo-channel")->check(CLI::Range(1, 4096));
  run->add_option("--row-hit-cap", ra.row_hit_cap, "FR-FCFS hits served while a conflict waits")
      ->check(CLI::Range(1, 1 << 20));
  run->add_flag("--xor-bank-hash", ra.xor_bank_hash, "XOR low row bits into bank group and bank");
  run->add_option("--backend", ra.backend,
                  "Controller to run: model (C++ core) | tlm (SystemC/TLM-2.0 target, --tlm-mode) | rtl (Verilated SystemVerilog)")
      ->check(CLI::IsMember({"model", "tlm", "rtl"}));
  CLI::Option* tlm_mode_option = run->add_option("--tlm-mode", ra.tlm_mode,
                  "How the TLM initiator drives the target: at (4-phase non-blocking, cycle-exact) | exact (blocking "
                  "b_transport, cycle-exact up to 16384 requests in flight) | lt (loosely timed, quantum)")
      ->check(CLI::IsMember({"at", "exact", "lt"}))
      ->capture_default_str();
  CLI::Option* quantum_option = run->add_option("--quantum-ns", ra.quantum_ns, "Global quantum of --tlm-mode lt")
      ->check(finite_range(0.001, 1e9))
      ->capture_default_str();
  run->add_option("--rtl-threads", ra.rtl_threads, kRtlThreadsHelp)->check(CLI::Range(0, 1024))->capture_default_str();
  run->add_flag("--rtl-no-idle-skip", ra.rtl_no_idle_skip,
                "Clock the RTL through idle spans too, cycle by cycle (the results are the same; slower)");
  run->add_option("--max-requests", ra.max_requests, "Play only the first N requests of the traffic")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000000000}));
  run->add_option("--from-stats", ra.from_stats,
                  "Replay the run that wrote this stats JSON: its scenario, memspec and options as recorded (output "
                  "options such as --stats, --cmd-trace and --wave may be given)")
      ->check(CLI::ExistingFile);
  run->add_option("--seed-offset", ra.seed_offset,
                  "Add K to the seed of every generated stream (trace streams do not change), as compare-policies --seeds does")
      ->check(CLI::Range(0, kMaxSeedOffset));
  run->add_option("--sample-scale", ra.sample_scale, kSampleScaleHelp)->check(finite_range(1.0, 10000.0));
  add_sample_until_options(run, ra.sample_until_pct, ra.sample_until_max,
                           "PCT: first run the scenario on the core at --sample-scale 1, 2, 4, ... until three scales in "
                           "a row give whole steps each within PCT percent of the one below, for every sampled LLM "
                           "stream; the run is the largest (docs/scenario-format.md, \"Sampling to a target\")");
  run->add_flag("--tlm-socket", ra.tlm_socket,
                "Drive the backend through the TLM-2.0 target socket (TrafficInitiator -> HbmController, --tlm-mode; "
                "with --backend rtl the RTL sits behind it as a TLM-to-pin adapter)");
  run->add_option("--cmd-trace", ra.cmd_trace, "Write every DRAM command to this CSV")->check(kNonEmpty);
  run->add_option("--arrivals-trace", ra.arrivals_trace,
                  "Write every request as it reached the controller (a closed loop's timing included) to this "
                  "native trace, in time order; --trace replays it open loop")
      ->check(kNonEmpty);
  CLI::Option* wave = run->add_option("--wave", ra.wave, "Write a waveform (.fst or .vcd): command buses, bank states, queue depths")
                          ->check(kNonEmpty);
  run->add_option("--wave-rtl", ra.wave_rtl,
                  "With --backend rtl: also dump the RTL's own signals of the --wave-channel channel, to this depth "
                  "(1: scheduler picks, queue and refresh state; 2: + every bank; 3: + the banks' timers)")
      ->check(CLI::Range(1, 3))
      ->needs(wave);
  run->add_option("--wave-from", ra.wave_from_ns, "Waveform window start in ns")->check(CLI::NonNegativeNumber)->needs(wave);
  run->add_option("--wave-power-ns", ra.wave_power_ns, "Averaging window of the waveform's power_mw trace, in ns")
      ->check(finite_range(1.0, 1e9))
      ->needs(wave)
      ->capture_default_str();
  run->add_option("--wave-until", ra.wave_until_ns, "Waveform window end in ns (default: the end of the run)")
      ->check(CLI::NonNegativeNumber)
      ->needs(wave);
  run->add_option("--wave-channel", ra.wave_channel, "Channel the generated .gtkw layout shows")
      ->check(CLI::NonNegativeNumber)
      ->needs(wave);
  CLI::Option* stats_option = run->add_option("--stats", ra.stats, "Write statistics to this JSON file")->check(kNonEmpty);
  run->add_option("--timeseries-ns", ra.timeseries_ns,
                  "Add time series to the stats JSON in windows of this many ns: bandwidth by class and stream, queue "
                  "occupancy, refreshes, ACTs per bank, LLM steps, latency distributions (for aimc report)")
      ->check(finite_range(0.1, 1e9))
      ->needs(stats_option);
  run->add_flag("--check", ra.check,
                "Answer the commands with the HBM3E device model: protocol checker and read-data scoreboard; "
                "exit 1 on a violation or a data mismatch");
  run->add_flag("--no-progress", ra.no_progress, "No progress bar");
  run->add_flag("--no-sampling-check", ra.no_sampling_check,
                "Skip the check run of LLM streams that sample their layers (layer_fraction < 1) at twice the "
                "fraction (half where twice would pass 1), which reports how uncertain their whole-model figures are");
  run->add_flag("-q,--quiet", ra.quiet, "Print nothing but errors");

  std::string check_csv, check_memspec, check_refresh = "all_bank";
  CLI::App* check = app.add_subcommand("check", "Check a command-trace CSV against the HBM3 protocol rules");
  check->add_option("cmd_trace", check_csv, "Command trace CSV")->required()->check(CLI::ExistingFile);
  check->add_option("--memspec", check_memspec, "Memspec YAML the trace was made with")->required()->check(CLI::ExistingFile);
  check->add_option("--refresh", check_refresh, "Refresh obligation to check: all_bank | per_bank | off")
      ->check(CLI::IsMember({"all_bank", "per_bank", "off"}));

  SyntheticTraceSpec gs;
  std::string gen_out, gen_pattern = "seq", gen_memspec;
  double read_percent = 100;
  CLI::App* gen = app.add_subcommand("gen-trace", "Write a synthetic native trace");
  gen->add_option("--pattern", gen_pattern, "seq | random | write-read (random addresses written and read back at once)")
      ->check(CLI::IsMember({"seq", "random", "write-read"}));
  gen->add_option("--requests", gs.requests, "Number of requests")
      ->required()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1000000000000}));
  gen->add_option("--read-percent", read_percent, "Share of reads in percent")->check(finite_range(0.0, 100.0));
  gen->add_option("--bytes", gs.bytes, "Bytes per request")->check(CLI::Range(1, 1 << 20));
  gen->add_option("--interval-ps", gs.interval_ps, "Arrival spacing in ps (0 = all at once)");
  gen->add_option("--seed", gs.seed, "Random seed")->check(CLI::NonNegativeNumber);  // -1 would wrap
  gen->add_option("--memspec", gen_memspec, "Memspec giving the address space")->required()->check(CLI::ExistingFile);
  gen->add_option("--out", gen_out, "Output trace file")->required();

  ComparePoliciesArgs ca;
  std::vector<std::string> compare_policy_names;
  CLI::App* cmp = app.add_subcommand("compare-policies", "Run scenarios under fcfs, fr_fcfs and ai_aware; print a Markdown table");
  cmp->add_option("scenarios", ca.scenarios, "Scenario YAML files")->required()->check(CLI::ExistingFile);
  cmp->add_option("--policies", compare_policy_names, "Policies to run (default: fcfs fr_fcfs ai_aware)")
      ->check(CLI::IsMember({"fcfs", "fr_fcfs", "ai_aware"}));
  cmp->add_option("--json", ca.json_out, "Write every run's statistics to this JSON file")->check(kNonEmpty);
  cmp->add_option("--set", ca.sets, kSetHelp)->allow_extra_args(false);
  cmp->add_option("--sweep", ca.sweep,
                  "PATH=V1,V2,...: run every scenario once per value (as --set PATH=V), one table row each")
      ->check([](const std::string& v) { return v.find('=') == std::string::npos ? "expected PATH=V1,V2,..." : ""; });
  cmp->add_option("-j,--jobs", ca.jobs, "Runs at once, one thread each (0: one per CPU this process may use); the output is the same")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  cmp->add_option("--seeds", ca.seeds, "Repeat every run with its generated streams reseeded N times; cells show mean (min..max)")
      ->check(CLI::Range(1, 1000));
  cmp->add_option("--sample-scale", ca.sample_scale, kSampleScaleHelp)->check(finite_range(1.0, 10000.0));
  add_sample_until_options(cmp, ca.sample_until_pct, ca.sample_until_max,
                           "PCT: make each sampled run at the scale aimc run --sample-until PCT finds, the policies of "
                           "a scenario at one scale; adds its sampling uncertainty and scale as last columns");
  cmp->add_flag("--sampling-check", ca.sampling_check,
                "Check each run's LLM sampling as aimc run does (a second run at twice the layer_fraction) and add its "
                "uncertainty as a last column");

  SweepArgs sa;
  std::string collect_dir;
  CLI::App* sweep = app.add_subcommand("sweep", "Run every combination a sweep file names, here or on a cluster (docs/sweeps.md)");
  sweep->add_option("spec", sa.spec, "Sweep YAML")->check(CLI::ExistingFile);
  sweep->add_option("-o,--out", sa.out_dir, "Output folder (default: NAME.sweep, NAME the sweep file's stem)")->check(kNonEmpty);
  sweep->add_option("-j,--jobs", sa.jobs, "Points run at once, one process each (0: one per CPU this process may use)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  sweep->add_flag("--dry-run", sa.dry_run, "List the points and which are done; run nothing");
  sweep->add_flag("--slurm", sa.slurm, "Submit the unfinished points as one Slurm job array (sbatch) instead of running them here");
  sweep->add_option("--partition", sa.slurm_options.partition, "Slurm partition");
  sweep->add_option("--time", sa.slurm_options.time, "Slurm time limit per array task, e.g. 00:30:00");
  sweep->add_option("--account", sa.slurm_options.account, "Slurm account");
  sweep->add_option("--chunk", sa.slurm_options.chunk, "Points per Slurm array task")->check(CLI::Range(1, 1000000))->capture_default_str();
  sweep->add_option("--max-parallel", sa.slurm_options.max_parallel, "At most this many Slurm array tasks at once")
      ->check(CLI::Range(1, 1000000));
  sweep->add_flag_callback("--no-submit", [&sa] { sa.slurm_options.submit = false; }, "With --slurm: write the job script, do not submit it");
  sweep->add_option("--emit-parallel", sa.emit_parallel, "Write the unfinished points' commands to this file for GNU parallel; run nothing")
      ->check(kNonEmpty);
  sweep->add_flag("-q,--quiet", sa.quiet, "Print nothing but errors");
  CLI::App* collect = sweep->add_subcommand("collect", "Merge a sweep's results into DIR/results.csv and DIR/results.md");
  collect->add_option("dir", collect_dir, "The sweep's output folder")->required()->check(CLI::ExistingDirectory);
  collect->add_flag("-q,--quiet", sa.quiet, "Write the tables, print nothing but errors");

  CLI::App* report = app.add_subcommand("report", "Plots and an HTML page from stats JSON files and sweeps (docs/reports.md)");
  report->prefix_command();  // every argument goes to the report tool, which has its own --help
  report->set_help_flag();

  RunArgs xa;
  std::vector<std::string> x_scenarios, x_policies;
  CLI::App* cmpb = app.add_subcommand("compare", "Run scenarios on the C++ model and on the Verilated RTL; report the first divergence");
  cmpb->add_option("scenarios", x_scenarios, "Scenario YAML files")->required()->check(CLI::ExistingFile);
  cmpb->add_option("--policies", x_policies, "Policies to run (default: each scenario's own)")
      ->check(CLI::IsMember({"fcfs", "fr_fcfs", "ai_aware"}));
  cmpb->add_option("--set", xa.sets, kSetHelp)->allow_extra_args(false);
  cmpb->add_option("--rtl-threads", xa.rtl_threads, kRtlThreadsHelp)->check(CLI::Range(0, 1024))->capture_default_str();
  cmpb->add_option("--max-requests", xa.max_requests, "Play only the first N requests of each scenario")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000000000}));
  cmpb->add_option("--reference", xa.reference, "Model the RTL is checked against: model (C++ core) | tlm (the TLM target, at mode)")
      ->check(CLI::IsMember({"model", "tlm"}))
      ->capture_default_str();
  cmpb->add_option("--refresh", xa.refresh, "all_bank | per_bank | off")->check(CLI::IsMember({"all_bank", "per_bank", "off"}));
  cmpb->add_option("--page-policy", xa.page_policy, "open | closed")->check(CLI::IsMember({"open", "closed"}));
  cmpb->add_option("--wave-dir", xa.wave_dir, "On a mismatch, write both backends' waveforms around the divergence here")
      ->capture_default_str();
  cmpb->add_option("--wave-window", xa.wave_window, "Cycles kept each side of the divergence")
      ->check(CLI::Range(int64_t(1), int64_t(1) << 40))
      ->capture_default_str();
  cmpb->add_flag_callback("--no-wave", [&xa] { xa.wave_dir.clear(); }, "No waveforms on a mismatch");
  int compare_seeds = 1;
  std::string compare_junit;
  cmpb->add_option("--seeds", compare_seeds, "Compare each scenario and policy with its generated streams reseeded N times")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmpb->add_option("--junit", compare_junit, "Write a JUnit XML report: one test case per scenario, policy and seed")
      ->check(kNonEmpty);

  std::string show_memspec;
  std::vector<std::string> show_sets;
  CLI::App* show = app.add_subcommand("memspec", "Print a memspec as simulated: its clock and every timing in cycles and ns");
  show->add_option("MEMSPEC", show_memspec, "Memspec YAML")->required()->check(CLI::ExistingFile);
  show->add_option("--set", show_sets, "Override a field before deriving the cycles (PATH=VALUE, e.g. data_rate_gbps=8.0)");

  std::string pkg_memspec, pkg_out;
  CLI::App* pkg = app.add_subcommand("gen-rtl-package", "Write the RTL's SystemVerilog package (aimc_pkg) from a memspec");
  pkg->add_option("--memspec", pkg_memspec, "Memspec YAML")->required()->check(CLI::ExistingFile);
  pkg->add_option("--out", pkg_out, "Output .sv file")->required();

  std::string layout_memspec, layout_out;
  GtkwLayout layout;
  bool layout_compare = false;
  CLI::App* lay = app.add_subcommand("wave-layout", "Write a GTKWave layout (.gtkw) for aimc's waveforms");
  lay->add_option("--memspec", layout_memspec, "Memspec YAML the waveform was made with")->required()->check(CLI::ExistingFile);
  lay->add_option("--channel", layout.channel, "Channel to show")->check(CLI::NonNegativeNumber);
  lay->add_flag("--compare", layout_compare, "For `aimc compare` dumps: model and rtl one under the other");
  lay->add_option("--out", layout_out, "Output .gtkw file")->required();

  // CLI11 reports an unknown first word only as "A subcommand is required": name it.
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) {
      known = known || sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "error: unknown command '%s' (commands: %s)\nRun with --help for more information.\n", argv[1],
                   names.c_str());
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (or the help); a bad argument is bad input, exit 2 as documented.
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  try {
    if (*report) return report_command(report->remaining());
    if (*sweep) {
      if (*collect) return sweep_collect_command(collect_dir, sa.quiet);
      if (sa.spec.empty()) throw ConfigError("(command line)", 0, "spec", "give a sweep file, or: aimc sweep collect DIR");
      if (sa.slurm && !sa.emit_parallel.empty()) {
        throw ConfigError("(command line)", 0, "--emit-parallel", "choose one of --slurm and --emit-parallel");
      }
      return sweep_command(sa);
    }
    if (*run) {
      if (!ra.from_stats.empty()) {
        for (const char* option : {"scenario", "--set", "--memspec", "--trace", "--trace-format", "--policy", "--page-policy",
                                   "--refresh", "--queue-depth", "--row-hit-cap", "--xor-bank-hash", "--backend",
                                   "--tlm-mode", "--quantum-ns", "--max-requests", "--seed-offset", "--sample-scale",
                                   "--sample-until", "--sample-until-max", "--tlm-socket"}) {
          if (run->count(option) > 0) {
            throw ConfigError("(command line)", 0, option, "the replayed run's own is used with --from-stats; leave it out");
          }
        }
      }
      for (int i = 0; i < argc; ++i) ra.command_line += (i ? " " : "") + std::string(argv[i]);
      ra.tlm_mode_given = tlm_mode_option->count() > 0;
      ra.quantum_given = quantum_option->count() > 0;
      if (ra.from_stats.empty() && ra.backend != "rtl" && (run->count("--rtl-threads") > 0 || ra.rtl_no_idle_skip)) {
        throw ConfigError("(command line)", 0, ra.rtl_no_idle_skip ? "--rtl-no-idle-skip" : "--rtl-threads",
                          "applies to --backend rtl only");
      }
      return run_command(ra);
    }
    if (*check) return check_command(check_csv, check_memspec, check_refresh);
    if (*cmpb) return compare_command(xa, x_scenarios, x_policies, compare_seeds, compare_junit);
    if (*lay) {
      const MemSpec m = load_memspec(layout_memspec);
      if (layout.channel >= m.org.channels) {
        throw ConfigError("(command line)", 0, "--channel", fmt::format("the stack has {} channels", m.org.channels));
      }
      layout.scopes = layout_compare ? std::vector<std::string>{"model", "rtl"} : std::vector<std::string>{"aimc"};
      if (layout_compare) layout.extra_signals = {"compare.diverged"};
      write_text_file(layout_out, gtkw_layout(m, layout));
      return 0;
    }
    if (*show) {
      fmt::print("{}", memspec_report(load_memspec(show_memspec, parse_overrides(show_sets))));
      return 0;
    }
    if (*pkg) {
      write_rtl_package(load_memspec(pkg_memspec), pkg_out);
      return 0;
    }
    if (*cmp) {
      if (!compare_policy_names.empty()) {
        ca.policies.clear();
        for (const std::string& n : compare_policy_names) ca.policies.push_back(scheduler_policy_from_name(n));
      }
      if (ca.jobs == 0) ca.jobs = usable_cpus();
      return compare_policies(ca);
    }
    if (*gen) {
      gs.pattern = gen_pattern == "seq"      ? SyntheticPattern::Sequential
                   : gen_pattern == "random" ? SyntheticPattern::Random
                                             : SyntheticPattern::WriteReadPairs;
      gs.read_fraction = read_percent / 100.0;
      // The last request's time must fit in 64 bits and in a run (10 s), as `run` checks it.
      const uint64_t spacing_steps = gs.pattern == SyntheticPattern::WriteReadPairs ? gs.requests / 2 : gs.requests;
      if (gs.interval_ps > 0 && spacing_steps > 1 && gs.interval_ps > kMaxArrivalPs / (spacing_steps - 1)) {
        throw ConfigError("(command line)", 0, "--interval-ps",
                          fmt::format("{} requests {} ps apart end {}", gs.requests, gs.interval_ps, later_than_a_run()));
      }
      check_outputs_are_not_inputs({gen_memspec}, {{"--out", gen_out}});
      gs.capacity_bytes = load_memspec(gen_memspec).org.capacity_bytes();
      write_synthetic_trace(gen_out, gs);
      return 0;
    }
  } catch (const RtlNotBuilt& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitBadInput;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    // An error found after loading (a stream region against the stack, the address map) or
    // between two fields names the file even when a --set caused it: say which were given.
    const std::vector<std::string>& sets = *run ? ra.sets : *cmp ? ca.sets : *cmpb ? xa.sets : *show ? show_sets : kNoSets;
    const bool from_set = e.file().rfind("--set ", 0) == 0 || e.file().rfind("--sweep ", 0) == 0;
    if (!from_set && !sets.empty()) fmt::print(stderr, "       (this run had --set {})\n", fmt::join(sets, " --set "));
    if (!from_set && *cmp && !ca.sweep.empty()) fmt::print(stderr, "       (and --sweep {})\n", ca.sweep);
    if (*run && ra.queue_depth > 0 && e.file().rfind("--queue-depth", 0) != 0) {
      fmt::print(stderr, "       (this run had --queue-depth {})\n", ra.queue_depth);
    }
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return kExitInternal;
  }
  return 0;
}

// libsystemc's own main() (unused: the definition above wins) calls sc_main; the library must
// still find one to link. aimc creates and runs SystemC simulations itself (tb/tlm/tlm_run.h).
extern "C" int sc_main(int /*argc*/, char** /*argv*/) { return 3; }

int main(int argc, char** argv) {
  using namespace aimc;
  const int rc = run_cli(argc, argv);
  // A summary that could not be written (a full disk, a closed pipe) is not a success.
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    std::fprintf(stderr, "error: cannot write to standard output: %s\n", std::strerror(errno));  // never throws
    return rc == 0 ? kExitInternal : rc;
  }
  return rc;
}
