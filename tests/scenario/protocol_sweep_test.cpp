// The protocol sweep: every shipped scenario under every policy, refresh mode (all-bank and
// per-bank) and page policy goes through the independent protocol checker and the data
// scoreboard with zero violations, for at least kIntervals all-bank refresh intervals (tREFI).
// A scenario shorter than that is lengthened: its LLM streams take more steps, its pattern
// streams run longer or issue more requests, and a trace is replayed back to back.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "models/params/scenario.h"
#include "models/params/yaml_override.h"
#include "tb/device/device_check.h"
#include "tb/sim/scenario_run.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

constexpr double kIntervals = 4.0;

// A native trace repeated `times` times, each copy shifted past the one before.
std::string repeated_trace(const std::string& path, int times, const std::string& out_name) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::vector<uint64_t> stamps;
  uint64_t span = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    uint64_t ps = 0;
    fields >> ps;
    std::string rest;
    std::getline(fields, rest);
    lines.push_back(rest);
    stamps.push_back(ps);
    span = std::max(span, ps);
  }
  span += 100'000;  // a 100 ns gap between copies
  std::ostringstream text;
  for (int k = 0; k < times; ++k) {
    for (size_t i = 0; i < lines.size(); ++i) text << stamps[i] + uint64_t(k) * span << lines[i] << "\n";
  }
  return test::write_temp(out_name, text.str());
}

// --set overrides that make the scenario's traffic about `factor` times longer.
std::vector<YamlOverride> lengthen(const std::string& file, double factor) {
  const YAML::Node root = YAML::LoadFile(file);
  const YAML::Node traffic = root["traffic"];
  const int times = int(std::ceil(factor));
  std::vector<std::string> sets;
  if (traffic["trace"]) {
    const std::string trace = (std::filesystem::path(file).parent_path() / traffic["trace"].as<std::string>()).string();
    sets.push_back("traffic.trace=" + repeated_trace(trace, times, std::filesystem::path(file).stem().string() + ".trace"));
  }
  for (const YAML::Node& s : traffic["streams"]) {
    const std::string at = "traffic.streams." + s["name"].as<std::string>() + ".";
    const bool llm = s["model"].IsDefined();  // decode, prefill, training: steps default to 1
    if (llm) sets.push_back(at + "steps=" + std::to_string((s["steps"] ? s["steps"].as<int64_t>() : 1) * times));
    if (s["requests"]) sets.push_back(at + "requests=" + std::to_string(s["requests"].as<int64_t>() * times));
    if (s["duration_ns"]) sets.push_back(at + "duration_ns=" + std::to_string(s["duration_ns"].as<double>() * times));
  }
  return parse_overrides(sets);
}

using Combination = std::tuple<SchedulerPolicy, RefreshPolicy, PagePolicy>;

class ProtocolSweep : public ::testing::TestWithParam<Combination> {
 protected:
  // One checked run; returns its simulated cycles.
  Cycle run_checked(const std::string& file, const std::vector<YamlOverride>& sets) {
    Scenario s = load_scenario(file, sets);
    std::tie(s.controller.policy, s.controller.refresh, s.controller.page_policy) = GetParam();
    DeviceCheck check(s.memspec, s.controller.refresh);
    const RunStats stats = run_scenario(s, check.listeners());
    check.finish(stats.last_done);
    EXPECT_TRUE(check.passed()) << check.report(5);
    EXPECT_GT(check.device().checker().commands_checked(), 0u);
    return stats.last_done;
  }
};

TEST_P(ProtocolSweep, EveryScenarioKeepsEveryRuleForSeveralRefreshIntervals) {
  const std::vector<std::string> files = test::shipped_scenarios();
  ASSERT_GE(files.size(), 12u);
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    const Scenario shipped = load_scenario(f);
    const double needed = kIntervals * shipped.memspec.t.nREFI;
    const Cycle length = run_checked(f, {});
    if (double(length) >= needed) continue;
    // A run does not grow in proportion to its steps or requests (a closed loop speeds up as
    // it fills): lengthen again, further, until it covers the intervals.
    Cycle longer = length;
    double times = 1.0;
    for (int attempt = 0; attempt < 3 && double(longer) < needed; ++attempt) {
      times *= 1.2 * needed / double(std::max<Cycle>(longer, 1));
      longer = run_checked(f, lengthen(f, times));
    }
    EXPECT_GE(double(longer), needed) << "lengthened run still shorter than " << kIntervals << " tREFI";
  }
}

std::string combination_name(const ::testing::TestParamInfo<Combination>& p) {
  return to_string(std::get<0>(p.param)) + "_" + to_string(std::get<1>(p.param)) + "_" + to_string(std::get<2>(p.param));
}

#ifndef AIMC_SANITIZED_BUILD
INSTANTIATE_TEST_SUITE_P(
    AllCombinations, ProtocolSweep,
    ::testing::Combine(::testing::Values(SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware),
                       ::testing::Values(RefreshPolicy::AllBank, RefreshPolicy::PerBank),
                       ::testing::Values(PagePolicy::Open, PagePolicy::Closed)),
    combination_name);
#else
// The sanitizer job looks for memory and undefined-behaviour errors, not rule breaks, which the
// normal build checks on all 12 combinations. It runs 4 that reach every policy, refresh mode and
// page policy (ai_aware, the most code, twice): each combination costs it about 100 s.
INSTANTIATE_TEST_SUITE_P(
    EveryValueOnce, ProtocolSweep,
    ::testing::Values(Combination{SchedulerPolicy::Fcfs, RefreshPolicy::AllBank, PagePolicy::Closed},
                      Combination{SchedulerPolicy::FrFcfs, RefreshPolicy::PerBank, PagePolicy::Open},
                      Combination{SchedulerPolicy::AiAware, RefreshPolicy::AllBank, PagePolicy::Open},
                      Combination{SchedulerPolicy::AiAware, RefreshPolicy::PerBank, PagePolicy::Closed}),
    combination_name);
#endif

}  // namespace
}  // namespace aimc
