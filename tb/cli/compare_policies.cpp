#include "tb/cli/compare_policies.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "models/params/scenario.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/stats_report.h"

namespace aimc {
namespace {

// The headline figures of one run; nullopt where the scenario has no such traffic.
struct Headline {
  double gbps = 0;
  std::optional<double> kv_p99, step_ns, be_p99;
  double max_ns = 0, row_hit = 0;
  uint64_t tccd_l = 0;
};

Headline headline(const nlohmann::json& j) {
  Headline h;
  h.gbps = j["bandwidth_GBps"].get<double>();
  const auto& cls = j["class_latency"];
  if (cls.contains("KV_READ")) h.kv_p99 = cls["KV_READ"]["p99_ns"].get<double>();
  if (cls.contains("BEST_EFFORT")) h.be_p99 = cls["BEST_EFFORT"]["p99_ns"].get<double>();
  for (const auto& [name, l] : cls.items()) h.max_ns = std::max(h.max_ns, l["max_ns"].get<double>());
  for (const auto& st : j["streams"]) {
    if (st["kind"] == "llm_decode" && st.contains("full_step_ms")) {
      h.step_ns = st["steps"]["mean_ns"].get<double>();
      break;
    }
  }
  h.row_hit = j["row_hit_rate"].get<double>();
  h.tccd_l = j["column_bus"]["tccd_l_stalls"].get<uint64_t>();
  return h;
}

std::string cell(const std::optional<double>& v) { return v ? fmt::format("{:.0f}", *v) : "-"; }
std::string change(const std::optional<double>& now, const std::optional<double>& base) {
  if (!now || !base || *base == 0) return "-";
  return fmt::format("{:+.1f}%", 100.0 * (*now / *base - 1.0));
}

}  // namespace

int compare_policies(const ComparePoliciesArgs& args) {
  std::vector<Scenario> scenarios;  // all loaded first: a bad file fails before any output
  for (const std::string& path : args.scenarios) scenarios.push_back(load_scenario(path));
  nlohmann::json all = nlohmann::json::array();
  fmt::print("| scenario | policy | GB/s | KV_READ p99 ns | decode step ns | BEST_EFFORT p99 ns | max latency ns | row hits | tCCD_L stalls |\n");
  fmt::print("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  struct Delta {
    std::string scenario, gbps, kv, step, max;
  };
  std::vector<Delta> deltas;
  for (const Scenario& base : scenarios) {
    std::optional<Headline> fr, ai;
    for (SchedulerPolicy p : args.policies) {
      Scenario s = base;
      s.controller.policy = p;
      const nlohmann::json j = stats_to_json(run_scenario(s), s);
      all.push_back(j);
      const Headline h = headline(j);
      fmt::print("| {} | {} | {:.1f} | {} | {} | {} | {:.0f} | {:.1f}% | {} |\n", s.name, to_string(p), h.gbps,
                 cell(h.kv_p99), cell(h.step_ns), cell(h.be_p99), h.max_ns, 100 * h.row_hit, h.tccd_l);
      if (p == SchedulerPolicy::FrFcfs) fr = h;
      if (p == SchedulerPolicy::AiAware) ai = h;
    }
    if (fr && ai) {
      deltas.push_back({base.name, change(ai->gbps, fr->gbps), change(ai->kv_p99, fr->kv_p99),
                        change(ai->step_ns, fr->step_ns), change(ai->max_ns, fr->max_ns)});
    }
  }
  if (!deltas.empty()) {
    fmt::print("\nai_aware against fr_fcfs (negative = lower):\n\n");
    fmt::print("| scenario | bandwidth | KV_READ p99 | decode step | max latency |\n|---|---:|---:|---:|---:|\n");
    for (const Delta& d : deltas) fmt::print("| {} | {} | {} | {} | {} |\n", d.scenario, d.gbps, d.kv, d.step, d.max);
  }
  if (!args.json_out.empty()) write_stats_json(all, args.json_out);
  return 0;
}

}  // namespace aimc
