#include "tb/cli/compare_policies.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "tb/sim/headline.h"
#include "tb/sim/ordered_parallel.h"
#include "tb/sim/runs_progress.h"
#include "tb/sim/sampling_check.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/stats_report.h"
#include "tb/sweep/sweep_plan.h"

namespace aimc {
namespace {

// Values of one metric over the seeds (nullopt where a run has no such traffic).
using Series = std::vector<std::optional<double>>;

// "123" for one value; "123 (110-140)" for the mean and range of several.
std::string cell(const Series& v, const char* format = "{:.0f}", const char* suffix = "") {
  std::vector<double> x;
  for (const auto& e : v) {
    if (e) x.push_back(*e);
  }
  if (x.empty()) return "-";
  double sum = 0;
  for (double e : x) sum += e;
  const double mean = sum / double(x.size());
  const std::string m = fmt::format(fmt::runtime(format), mean) + suffix;
  if (x.size() == 1) return m;
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  return fmt::format("{} ({}..{})", m, fmt::format(fmt::runtime(format), *lo), fmt::format(fmt::runtime(format), *hi));
}

std::optional<double> change(const std::optional<double>& now, const std::optional<double>& base) {
  if (!now || !base || *base == 0) return std::nullopt;
  return 100.0 * (*now / *base - 1.0);
}

// One scenario as the table shows it: once per sweep value (or once), with its label; `first`
// is the index of the same file's first value, and `label_na` its label for a policy that does
// not read the swept knob.
struct Variant {
  std::string label, label_na;
  size_t first = 0;
  Scenario scenario;
};

// Every scenario, once per sweep value (or once). All are loaded before anything runs, so a bad
// file or override fails before any output; an error an override causes names the file too.
std::vector<Variant> load_variants(const ComparePoliciesArgs& args) {
  const std::vector<YamlOverride> common = parse_overrides(args.sets);
  auto load = [&args](const std::string& path, const std::vector<YamlOverride>& overrides) {
    try {
      const Scenario s = load_scenario(path, overrides);
      return args.sample_scale != 1 ? scaled_sample(s, args.sample_scale) : s;
    } catch (const ConfigError& e) {
      if (e.file() == path) throw;
      throw ConfigError(path, 0, "", e.what());
    }
  };
  std::vector<Variant> out;
  for (const std::string& path : args.scenarios) {
    const size_t first = out.size();
    if (args.sweep.empty()) {
      Scenario s = load(path, common);
      out.push_back({s.name, s.name, first, std::move(s)});
      continue;
    }
    const auto eq = args.sweep.find('=');
    const std::string field = args.sweep.substr(0, eq);
    const std::string leaf = field.substr(field.rfind('.') + 1);
    for (const std::string& value : split_sweep_values(args.sweep.substr(eq + 1))) {
      std::vector<YamlOverride> overrides = common;
      overrides.push_back(parse_override(field + "=" + value, "--sweep"));
      Scenario s = load(path, overrides);
      out.push_back({fmt::format("{} [{}={}]", s.name, leaf, value), fmt::format("{} [{}=n/a]", s.name, leaf), first,
                     std::move(s)});
    }
  }
  return out;
}

}  // namespace

int compare_policies(const ComparePoliciesArgs& args) {
  const std::vector<Variant> scenarios = load_variants(args);
  const std::string swept = args.sweep.substr(0, args.sweep.find('='));
  if (!args.sets.empty()) fmt::print("Overrides: --set {}\n\n", fmt::join(args.sets, " --set "));
  if (args.sample_scale != 1) fmt::print("Sampled layer fractions x {:g}, tenants stretched alike (--sample-scale)\n\n", args.sample_scale);
  nlohmann::json all = nlohmann::json::array();
  if (args.seeds > 1) fmt::print("Each cell: mean over {} seeds (min..max).\n\n", args.seeds);
  fmt::print("| scenario | policy | GB/s | decode GB/s | KV_READ p99 ns | decode step ns | tokens/s | "
             "BEST_EFFORT p99 ns | max latency ns | row hits | tCCD_L stalls | pJ/bit | mJ/token |{}\n",
             args.sampling_check ? " sampling |" : "");
  fmt::print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|{}\n", args.sampling_check ? "---:|" : "");
  struct Delta {
    std::string scenario;
    Series gbps, decode_gbps, kv, step, tokens, max, pj_bit, mj_token;
  };
  std::vector<Delta> deltas;
  // Every run, in the order the table shows them; they run args.jobs at a time and are taken
  // back in this order, so the output does not depend on the number of jobs.
  // A policy that does not read the swept knob runs once per file (its first value): its other
  // values would be the same run again.
  auto reads_sweep = [&](SchedulerPolicy p) { return args.sweep.empty() || policy_reads(to_string(p), swept); };
  std::vector<Scenario> runs;
  std::vector<size_t> run_of;  // per (variant, policy, seed) in table order: its index in runs
  const size_t per_variant = args.policies.size() * size_t(args.seeds);
  for (size_t v = 0; v < scenarios.size(); ++v) {
    for (size_t pi = 0; pi < args.policies.size(); ++pi) {
      const SchedulerPolicy p = args.policies[pi];
      for (int k = 0; k < args.seeds; ++k) {
        if (!reads_sweep(p) && scenarios[v].first != v) {
          run_of.push_back(run_of[scenarios[v].first * per_variant + pi * size_t(args.seeds) + size_t(k)]);
          continue;
        }
        runs.push_back(reseeded(scenarios[v].scenario, k));
        runs.back().controller.policy = p;
        run_of.push_back(runs.size() - 1);
      }
    }
  }
  RunsProgress progress(runs.size());
  OrderedParallel<nlohmann::json> results(runs.size(), args.jobs, [&runs, &progress, &args](size_t i) {
    const RunStats stats = run_scenario(runs[i]);
    std::optional<SamplingCheck> check;
    if (args.sampling_check && samples_layer_bytes(runs[i])) check = run_sampling_check(runs[i]);
    progress.finished_one(stats.completed_requests());
    return stats_to_json(stats, runs[i], check ? &*check : nullptr);
  });
  std::vector<nlohmann::json> taken;  // results in run order, taken back as the table reaches them
  size_t entry = 0;
  for (size_t v = 0; v < scenarios.size(); ++v) {
    const std::string& label = scenarios[v].label;
    std::vector<Headline> fr, ai;
    for (SchedulerPolicy p : args.policies) {
      Series gbps, decode_gbps, kv, step, tokens, be, max, hits, tccd, pj_bit, mj_token, sampling;
      const bool shared = !reads_sweep(p) && scenarios[v].first != v;  // shown at the first value
      for (int k = 0; k < args.seeds; ++k) {
        const size_t i = run_of[entry++];
        while (taken.size() <= i) {
          taken.push_back(results.take(taken.size()));
          all.push_back(taken.back());
        }
        const nlohmann::json& j = taken[i];
        const Headline h = headline(j);
        gbps.push_back(h.gbps), decode_gbps.push_back(h.decode_gbps), kv.push_back(h.kv_p99);
        step.push_back(h.step_ns), tokens.push_back(h.tokens_s), be.push_back(h.be_p99);
        max.push_back(h.max_ns), hits.push_back(100 * h.row_hit), tccd.push_back(h.tccd_l);
        pj_bit.push_back(h.pj_per_bit), mj_token.push_back(h.mj_per_token), sampling.push_back(h.sampling_pct);
        if (p == SchedulerPolicy::FrFcfs) fr.push_back(h);
        if (p == SchedulerPolicy::AiAware) ai.push_back(h);
      }
      if (shared) continue;
      // Each row as soon as its runs are in, also when piped.
      progress.print([&] {
        fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |{}\n",
                   reads_sweep(p) ? label : scenarios[v].label_na, to_string(p),
                   cell(gbps, "{:.1f}"), cell(decode_gbps, "{:.1f}"), cell(kv), cell(step), cell(tokens), cell(be),
                   cell(max), cell(hits, "{:.1f}", "%"), cell(tccd), cell(pj_bit, "{:.2f}"), cell(mj_token, "{:.1f}"),
                   args.sampling_check ? " " + cell(sampling, "{:.1f}", "%") + " |" : "");
      });
    }
    if (!fr.empty() && !ai.empty()) {
      Delta d{label, {}, {}, {}, {}, {}, {}, {}, {}};
      for (size_t k = 0; k < fr.size(); ++k) {
        d.gbps.push_back(change(ai[k].gbps, fr[k].gbps));
        d.decode_gbps.push_back(change(ai[k].decode_gbps, fr[k].decode_gbps));
        d.kv.push_back(change(ai[k].kv_p99, fr[k].kv_p99));
        d.step.push_back(change(ai[k].step_ns, fr[k].step_ns));
        d.tokens.push_back(change(ai[k].tokens_s, fr[k].tokens_s));
        d.max.push_back(change(ai[k].max_ns, fr[k].max_ns));
        d.pj_bit.push_back(change(ai[k].pj_per_bit, fr[k].pj_per_bit));
        d.mj_token.push_back(change(ai[k].mj_per_token, fr[k].mj_per_token));
      }
      deltas.push_back(d);
    }
  }
  progress.done();
  if (!deltas.empty()) {
    fmt::print("\nai_aware against fr_fcfs (negative = lower):\n\n");
    fmt::print("| scenario | bandwidth | decode bandwidth | KV_READ p99 | decode step | tokens/s | max latency | pJ/bit "
               "| energy/token |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const Delta& d : deltas) {
      fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", d.scenario, cell(d.gbps, "{:+.1f}", "%"),
                 cell(d.decode_gbps, "{:+.1f}", "%"), cell(d.kv, "{:+.1f}", "%"), cell(d.step, "{:+.1f}", "%"),
                 cell(d.tokens, "{:+.1f}", "%"), cell(d.max, "{:+.1f}", "%"), cell(d.pj_bit, "{:+.1f}", "%"),
                 cell(d.mj_token, "{:+.1f}", "%"));
    }
  }
  if (!args.json_out.empty()) write_stats_json(all, args.json_out);
  return 0;
}

}  // namespace aimc
