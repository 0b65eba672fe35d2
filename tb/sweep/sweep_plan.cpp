#include "tb/sweep/sweep_plan.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "models/params/yaml_override.h"
#include "tb/sim/sample_search.h"
#include "tb/sim/sampling_check.h"

namespace aimc {
namespace {

// FNV-1a, 64 bits: the same text gives the same id on every machine and build.
uint64_t fnv1a(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

// Everything that makes a run what it is, one field per line; the id is its hash.
std::string canonical(const SweepPoint& p) {
  std::string text = fmt::format("scenario={}\npolicy={}\nbackend={}\nseed={}\nmax_requests={}\n", p.scenario_as_written, p.policy,
                                 p.backend, p.seed, p.max_requests);
  if (p.sample_scale != 1) text += fmt::format("sample_scale={:g}\n", p.sample_scale);  // ids of unscaled runs unchanged
  if (p.sample_until > 0) text += fmt::format("sample_until={:g}\n", p.sample_until);
  for (const auto& [path, value] : p.sets) text += path + "=" + value + "\n";
  return text;
}

// Index combinations of the axes: zipped axes share one counter.
struct AxisGroup {
  std::vector<size_t> axes;  // indices into SweepSpec::axes
  size_t length = 0;
};

std::vector<AxisGroup> axis_groups(const SweepSpec& s) {
  std::vector<AxisGroup> groups;
  std::set<std::string> zipped;
  for (const auto& zip : s.zip) zipped.insert(zip.begin(), zip.end());
  for (size_t a = 0; a < s.axes.size(); ++a) {
    const std::string& path = s.axes[a].path;
    if (zipped.count(path) == 0) {
      groups.push_back({{a}, s.axes[a].values.size()});
      continue;
    }
    for (const auto& zip : s.zip) {
      if (zip.front() != path) continue;  // a group is placed at its first axis
      AxisGroup g;
      for (const std::string& member : zip) {
        for (size_t b = 0; b < s.axes.size(); ++b) {
          if (s.axes[b].path == member) g.axes.push_back(b);
        }
      }
      g.length = s.axes[a].values.size();
      groups.push_back(g);
    }
  }
  return groups;
}

std::string policy_of(const std::string& scenario_path) {
  return to_string(load_scenario(scenario_path).controller.policy);
}

}  // namespace

bool policy_reads(const std::string& policy, const std::string& path) {
  if (path.rfind("controller.ai_aware.", 0) == 0) return policy == "ai_aware";
  if (path == "controller.row_hit_cap") return policy != "fcfs";
  return true;
}

SweepPlan plan_sweep(const SweepSpec& spec) {
  SweepPlan plan{spec, {}};
  const std::vector<AxisGroup> groups = axis_groups(spec);
  std::set<std::string> seen;
  for (size_t sc = 0; sc < spec.scenarios.size(); ++sc) {
    const std::string& scenario = spec.scenarios[sc];
    std::vector<std::string> policies = spec.policies;
    if (policies.empty()) {
      try {
        policies = {policy_of(scenario)};
      } catch (const ConfigError& e) {
        throw ConfigError(spec.file, 0, "scenarios", std::string(e.what()));
      }
    }
    for (const std::string& policy : policies) {
      for (const std::string& backend : spec.backends) {
        for (int seed : spec.seeds) {
          std::vector<size_t> at(groups.size(), 0);  // odometer over the axis groups
          for (;;) {
            SweepPoint p{"", scenario, spec.scenarios_as_written[sc], policy, backend, seed, spec.max_requests, spec.sampling_check, spec.sample_scale, spec.sample_until, false, spec.sets, {}};
            p.axis_values.assign(spec.axes.size(), std::nullopt);
            for (size_t g = 0; g < groups.size(); ++g) {
              for (size_t a : groups[g].axes) {
                const SweepAxis& axis = spec.axes[a];
                if (!policy_reads(policy, axis.path)) continue;
                p.axis_values[a] = axis.values[at[g]];
                p.sets.emplace_back(axis.path, axis.values[at[g]]);
              }
            }
            const std::string text = canonical(p);
            if (seen.insert(text).second) {
              p.id = fmt::format("p{:012x}", fnv1a(text) >> 16);
              plan.points.push_back(std::move(p));
            }
            size_t g = 0;
            while (g < groups.size() && ++at[g] == groups[g].length) at[g++] = 0;
            if (g == groups.size()) break;
          }
        }
      }
    }
  }
  // Every point's scenario loads with its overrides before anything runs.
  for (SweepPoint& p : plan.points) {
    std::vector<std::string> args;
    for (const auto& [path, value] : p.sets) args.push_back(path + "=" + value);
    try {
      const Scenario loaded = load_scenario(p.scenario, parse_overrides(args));
      const Scenario s = p.sample_scale != 1 ? scaled_sample(loaded, p.sample_scale) : loaded;
      p.samples = samples_layer_bytes(s);
      if (p.sample_until > 0 && p.samples) check_searchable(s);
    } catch (const ConfigError& e) {
      throw ConfigError(spec.file, 0, "", fmt::format("point {} ({}): {}", p.id, describe(plan, p), e.what()));
    }
  }
  return plan;
}

std::vector<std::string> run_arguments(const SweepPoint& p, const std::string& stats) {
  std::vector<std::string> args = {std::filesystem::absolute(p.scenario).string(), "--policy", p.policy, "--backend", p.backend};
  for (const auto& [path, value] : p.sets) args.insert(args.end(), {"--set", path + "=" + value});
  if (p.seed != 0) args.insert(args.end(), {"--seed-offset", std::to_string(p.seed)});
  if (p.max_requests > 0) args.insert(args.end(), {"--max-requests", std::to_string(p.max_requests)});
  if (p.sample_scale != 1) args.insert(args.end(), {"--sample-scale", fmt::format("{:g}", p.sample_scale)});
  // Points run side by side: one thread each, whatever the RTL would take alone (same results).
  if (p.backend == "rtl") args.insert(args.end(), {"--rtl-threads", "1"});
  // --sample-until makes its own sampling check, on the points whose scenario samples.
  if (p.sample_until > 0 && p.samples) {
    args.insert(args.end(), {"--sample-until", fmt::format("{:g}", p.sample_until)});
  } else if (!p.sampling_check) {
    args.push_back("--no-sampling-check");
  }
  args.insert(args.end(), {"--stats", stats, "--no-progress"});
  return args;
}

std::string describe(const SweepPlan& plan, const SweepPoint& p) {
  std::string text = fmt::format("scenario={} policy={}", std::filesystem::path(p.scenario).stem().string(), p.policy);
  if (plan.spec.backends.size() > 1) text += " backend=" + p.backend;
  if (plan.spec.seeds.size() > 1) text += fmt::format(" seed={}", p.seed);
  for (size_t a = 0; a < plan.spec.axes.size(); ++a) {
    text += " " + plan.spec.axes[a].path + "=" + p.axis_values[a].value_or("n/a");
  }
  return text;
}

}  // namespace aimc
