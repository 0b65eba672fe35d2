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
#include "tb/sim/sample_search.h"
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

// The sample scale chosen by --sample-until: "x8", "x5.3 (4..8)" over seeds, "-" for a run that
// does not sample.
std::string scale_cell(const Series& scales) {
  const std::string c = cell(scales, "{:g}");
  return c == "-" ? c : "x" + c;
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
    const std::vector<std::string> values = split_sweep_values(args.sweep.substr(eq + 1));
    for (size_t i = 0; i < values.size(); ++i) {  // a value twice would run and show the same row twice
      if (std::find(values.begin(), values.begin() + long(i), values[i]) != values.begin() + long(i)) {
        throw ConfigError("--sweep " + args.sweep, 0, field, "value '" + values[i] + "' is listed twice");
      }
    }
    for (const std::string& value : values) {
      std::vector<YamlOverride> overrides = common;
      overrides.push_back(parse_override(field + "=" + value, "--sweep"));
      Scenario s = load(path, overrides);
      out.push_back({fmt::format("{} [{}={}]", s.name, leaf, value), fmt::format("{} [{}=n/a]", s.name, leaf), first,
                     std::move(s)});
    }
  }
  return out;
}

// --sample-until: every sampled run's search (aimc run --sample-until), then the runs of each
// scenario and seed carried on to the largest scale any of its policies needed, so that the
// policies are compared on the same sample. `run_of` maps each table entry (variant, policy,
// seed) to its run; entries of one variant and seed are one group.
std::vector<std::optional<SampleSearch>> common_sample_searches(const std::vector<Scenario>& runs,
                                                                const std::vector<size_t>& run_of, size_t per_variant,
                                                                const ComparePoliciesArgs& args, RunsProgress& progress) {
  OrderedParallel<std::optional<SampleSearch>> found(runs.size(), args.jobs, [&](size_t i) -> std::optional<SampleSearch> {
    if (!samples_layer_bytes(runs[i])) return std::nullopt;
    SampleSearch search = search_sample_scale(runs[i], args.sample_until_pct / 100, args.sample_until_max);
    progress.finished_one(search.answer_stats->completed_requests());
    return search;
  });
  std::vector<std::optional<SampleSearch>> searches;
  for (size_t i = 0; i < runs.size(); ++i) searches.push_back(found.take(i));
  // A run shared by several groups (a policy that does not read the swept knob) takes the
  // largest of their scales, which can raise another group's: repeat until nothing changes.
  const size_t seeds = size_t(args.seeds);
  std::vector<double> scale(runs.size(), 0);
  for (size_t i = 0; i < runs.size(); ++i) scale[i] = searches[i] ? searches[i]->scale : 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t group = 0; group * per_variant < run_of.size(); ++group) {
      for (size_t k = 0; k < seeds; ++k) {
        double common = 0;
        for (size_t p = 0; p * seeds < per_variant; ++p) common = std::max(common, scale[run_of[group * per_variant + p * seeds + k]]);
        for (size_t p = 0; p * seeds < per_variant; ++p) {
          double& own = scale[run_of[group * per_variant + p * seeds + k]];
          if (own > 0 && own < common) own = common, changed = true;
        }
      }
    }
  }
  OrderedParallel<bool> carried(runs.size(), args.jobs, [&](size_t i) {
    if (searches[i] && searches[i]->scale < scale[i]) extend_sample_search(*searches[i], runs[i], scale[i]);
    return true;
  });
  for (size_t i = 0; i < runs.size(); ++i) carried.take(i);
  return searches;
}

}  // namespace

int compare_policies(const ComparePoliciesArgs& args) {
  const std::vector<Variant> scenarios = load_variants(args);
  const std::string swept = args.sweep.substr(0, args.sweep.find('='));
  if (!args.sets.empty()) fmt::print("Overrides: --set {}\n\n", fmt::join(args.sets, " --set "));
  if (args.sample_scale != 1) fmt::print("Sampled layer fractions x {:g}, tenants stretched alike (--sample-scale)\n\n", args.sample_scale);
  // With --sample-until each run is made at the scale its search chose (the "sample" column), and
  // its sampling uncertainty is the gap to the scale below.
  const bool searched = args.sample_until_pct > 0;
  if (searched) {
    fmt::print("Each sampled run doubles its sample until three scales in a row agree within {:g} % (--sample-until; at "
               "most x{:g}), and the policies of a scenario and seed go on to the largest scale any of them needed\n\n",
               args.sample_until_pct, args.sample_until_max);
  }
  const bool sampling_column = args.sampling_check || searched;
  nlohmann::json all = nlohmann::json::array();
  if (args.seeds > 1) fmt::print("Each cell: mean over {} seeds (min..max).\n\n", args.seeds);
  fmt::print("| scenario | policy | GB/s | decode GB/s | KV_READ p99 ns | decode step ns | tokens/s | "
             "BEST_EFFORT p99 ns | max latency ns | row hits | tCCD_L stalls | pJ/bit | mJ/token |{}{}\n",
             sampling_column ? " sampling |" : "", searched ? " sample |" : "");
  fmt::print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|{}{}\n", sampling_column ? "---:|" : "",
             searched ? "---:|" : "");
  struct Delta {
    std::string scenario;
    Series gbps, decode_gbps, kv, step, tokens, max, pj_bit, mj_token;
  };
  std::vector<Delta> deltas;
  bool any_short_of_target = false;  // a row's scale is marked "*"
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
  if (searched) {  // before anything runs
    for (const Scenario& run : runs) check_searchable(run);
  }
  RunsProgress progress(runs.size());
  const std::vector<std::optional<SampleSearch>> searches =
      searched ? common_sample_searches(runs, run_of, per_variant, args, progress) : std::vector<std::optional<SampleSearch>>(runs.size());
  OrderedParallel<nlohmann::json> results(runs.size(), args.jobs, [&runs, &progress, &args, &searches](size_t i) {
    if (searches[i]) {  // made at the scale its search found
      const SampleSearch& search = *searches[i];
      nlohmann::json j = stats_to_json(*search.answer_stats, scaled_sample(runs[i], search.scale), &search.check);
      j["sample_search"] = sample_search_json(search, runs[i]);
      return j;
    }
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
      Series gbps, decode_gbps, kv, step, tokens, be, max, hits, tccd, pj_bit, mj_token, sampling, scale;
      bool short_of_target = false;  // a --sample-until search of this row stopped before three scales agreed
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
        scale.push_back(j.contains("sample_search") ? std::optional<double>(j["sample_search"]["scale"].get<double>())
                                                    : std::nullopt);
        short_of_target = short_of_target || (j.contains("sample_search") && !j["sample_search"]["reached"].get<bool>());
        if (p == SchedulerPolicy::FrFcfs) fr.push_back(h);
        if (p == SchedulerPolicy::AiAware) ai.push_back(h);
      }
      if (shared) continue;
      // Each row as soon as its runs are in, also when piped.
      progress.print([&] {
        fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |{}{}\n",
                   reads_sweep(p) ? label : scenarios[v].label_na, to_string(p),
                   cell(gbps, "{:.1f}"), cell(decode_gbps, "{:.1f}"), cell(kv), cell(step), cell(tokens), cell(be),
                   cell(max), cell(hits, "{:.1f}", "%"), cell(tccd), cell(pj_bit, "{:.2f}"), cell(mj_token, "{:.1f}"),
                   sampling_column ? " " + cell(sampling, "{:.1f}", "%") + " |" : "",
                   searched ? " " + scale_cell(scale) + (short_of_target ? "*" : "") + " |" : "");
      });
      any_short_of_target = any_short_of_target || short_of_target;
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
  if (any_short_of_target) {
    fmt::print("\n* the sample search stopped before three scales agreed within {:g} % (the JSON's sample_search.reached "
               "is false): raise --sample-until-max, or read the sampling column as the uncertainty\n",
               args.sample_until_pct);
  }
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
