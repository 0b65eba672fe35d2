// The whole controller, RTL against C++ model, through the shared testbench: every shipped
// scenario (a short version: its first requests) under every policy gives the same command
// stream on all 16 channels, cycle for cycle, every request completes at the same cycle, and
// the HBM3E device model finds no protocol violation and no wrong read data in either.
// Also: what the RTL backend refuses, and how a divergence is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "models/params/yaml_override.h"
#include "tb/rtl/backend_compare.h"
#include "tb/rtl/rtl_controller.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

// Long enough that queues fill, rows conflict and refreshes fall due; short enough for CI.
constexpr uint64_t kRequestsPerScenario = 1500;

struct Case {
  std::string file;
  SchedulerPolicy policy;
};

class RtlBackendEquivalence : public ::testing::TestWithParam<Case> {};

TEST_P(RtlBackendEquivalence, ShortScenarioGivesIdenticalCommandsAndCompletions) {
  Scenario s = load_scenario(GetParam().file);
  s.controller.policy = GetParam().policy;
  const BackendComparison c = compare_backends(s, kRequestsPerScenario);
  EXPECT_TRUE(c.identical()) << format_comparison(c, s.memspec);
  EXPECT_TRUE(c.passed()) << format_comparison(c, s.memspec);  // the device model: protocol and read data
  EXPECT_GT(c.model.commands.size(), kRequestsPerScenario) << "too few commands to mean much";
  EXPECT_EQ(c.rtl.request_done.size(), c.model.request_done.size());
  EXPECT_EQ(c.rtl.stats.completed_requests(), c.model.stats.completed_requests());
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const std::string& f : test::shipped_scenarios()) {
    for (SchedulerPolicy p : {SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware}) out.push_back({f, p});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(ShippedScenarios, RtlBackendEquivalence, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return std::filesystem::path(p.param.file).stem().string() + "_" + to_string(p.param.policy);
                         });

// Every memspec preset (speed bins, stack heights): random reads and writes give the model's
// commands and completions on the RTL, and the device model finds no protocol violation.
class RtlPresetEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(RtlPresetEquivalence, RandomTrafficGivesIdenticalCommandsAndCompletions) {
  Scenario s = load_scenario(test::source_path("scenarios/baseline/random_70r30w.yaml"),
                             parse_overrides({"memspec=" + GetParam()}));
  const BackendComparison c = compare_backends(s, kRequestsPerScenario);
  EXPECT_TRUE(c.identical()) << format_comparison(c, s.memspec);
  EXPECT_TRUE(c.passed()) << format_comparison(c, s.memspec);
  EXPECT_EQ(c.rtl.request_done.size(), c.model.request_done.size());
}

INSTANTIATE_TEST_SUITE_P(EveryPreset, RtlPresetEquivalence, ::testing::ValuesIn(test::memspec_presets()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return std::filesystem::path(p.param).stem().string();
                         });

// Refresh at the lengths CI affords: with tREFI shortened (and tREFIpb with it), a few thousand
// requests reach REFab and PREA under all-bank refresh and REFpb under per-bank refresh, and the
// RTL still issues the model's commands. The coverage table goes to the test output.
struct RefreshCase {
  RefreshPolicy refresh;
  SchedulerPolicy policy;
  std::vector<std::string> sets;
};

class RtlRefreshCoverage : public ::testing::TestWithParam<RefreshCase> {};

TEST_P(RtlRefreshCoverage, ShortRefreshIntervalsCoverEveryRefreshCommand) {
  Scenario s = load_scenario(test::source_path("scenarios/default.yaml"), parse_overrides(GetParam().sets));
  s.controller.refresh = GetParam().refresh;
  s.controller.policy = GetParam().policy;
  const BackendComparison c = compare_backends(s, 3000);
  const std::string report = format_comparison(c, s.memspec);
  std::printf("%s", report.c_str());
  EXPECT_TRUE(c.passed()) << report;
  EXPECT_TRUE(c.coverage.never_exercised().empty()) << report;
  if (GetParam().refresh == RefreshPolicy::AllBank) {
    EXPECT_GT(c.coverage.count("REFab"), 0u);
    EXPECT_GT(c.coverage.count("PREA"), 0u);
  } else {
    EXPECT_GT(c.coverage.count("REFpb"), 0u);
  }
}

std::vector<RefreshCase> refresh_cases() {
  std::vector<RefreshCase> out;
  for (SchedulerPolicy p : {SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware}) {
    out.push_back({RefreshPolicy::AllBank, p, {"memspec.timing.tREFI=500", "memspec.timing.tREFIpb=25"}});
    out.push_back({RefreshPolicy::PerBank, p, {"memspec.timing.tREFI=1000", "memspec.timing.tREFIpb=50"}});
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(ShortRefresh, RtlRefreshCoverage, ::testing::ValuesIn(refresh_cases()),
                         [](const ::testing::TestParamInfo<RefreshCase>& p) {
                           return to_string(p.param.refresh) + "_" + to_string(p.param.policy);
                         });

// The channels clocked on three threads (16 channels do not split evenly): still the model's
// commands and completions, cycle for cycle.
TEST(RtlBackend, ChannelsOnSeveralThreadsGiveTheSameCommandsAsTheModel) {
  Scenario s = load_scenario(test::source_path("scenarios/tenants/mixed_tenants.yaml"));
  s.controller.policy = SchedulerPolicy::AiAware;
  const BackendComparison c = compare_backends(s, kRequestsPerScenario, default_backends(s, 3));
  EXPECT_TRUE(c.identical()) << format_comparison(c, s.memspec);
  EXPECT_GT(c.model.commands.size(), kRequestsPerScenario);
  EXPECT_EQ(c.rtl.request_done.size(), c.model.request_done.size());
}

TEST(RtlBackend, RefusesAQueueDepthItWasNotBuiltWith) {
  ControllerConfig cfg;
  cfg.queue_depth = 32;
  ControllerListener none;
  try {
    RtlController rtl(test::hbm3e(), cfg, none, "my_scenario.yaml");
    FAIL() << "accepted queue depth 32";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "controller.queue_depth");
    EXPECT_EQ(e.file(), "my_scenario.yaml");
  }
}

TEST(RtlBackend, RefusesAWaitLongerThanItsCycleCounter) {
  MemSpec fast = test::hbm3e();
  fast.tCK_ps = 100;  // 1e9 ns is then 1e10 cycles, past 2^32
  ControllerConfig cfg;
  cfg.ai_aware.preempt_after_ns = 1e9;
  ControllerListener none;
  try {
    RtlController rtl(fast, cfg, none, "my_scenario.yaml");
    FAIL() << "accepted a 1e10-cycle wait";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "controller.ai_aware.preempt_after_ns");
    EXPECT_EQ(e.file(), "my_scenario.yaml");
  }
}

TEST(RtlBackend, SameCommandIgnoresFieldsTheCommandDoesNotCarry) {
  CommandRecord a{10, Command::REFab, {}, kNoRequest};
  CommandRecord b = a;
  b.addr.bank = 3;  // an all-bank refresh has no bank
  EXPECT_TRUE(same_command(a, b));
  CommandRecord rd{10, Command::RD, {}, 7};
  CommandRecord rd2 = rd;
  rd2.addr.column = 5;
  EXPECT_FALSE(same_command(rd, rd2));
  rd2 = rd;
  rd2.cycle = 11;
  EXPECT_FALSE(same_command(rd, rd2));
}

}  // namespace
}  // namespace aimc
