// Every shipped scenario, under every policy: the command stream passes the independent
// protocol checker and every generated request completes.
#include <gtest/gtest.h>

#include <filesystem>

#include "models/params/scenario.h"
#include "tb/device/device_check.h"
#include "tb/sim/scenario_run.h"
#include "tb/traffic/scenario_traffic.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

uint64_t count_requests(const Scenario& s) {
  ScenarioTraffic t(s.traffic, s.memspec, s.controller);
  TraceRequest r;
  uint64_t n = 0;
  while (t.next(r)) ++n;
  return n;
}

class ScenarioLibrary : public ::testing::TestWithParam<SchedulerPolicy> {};

TEST_P(ScenarioLibrary, EveryScenarioPassesTheDeviceModelAndCompletes) {
  const std::vector<std::string> files = test::shipped_scenarios();
  ASSERT_GE(files.size(), 12u);
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    Scenario s = load_scenario(f);
    s.controller.policy = GetParam();
    DeviceCheck check(s.memspec, s.controller.refresh);
    const RunStats stats = run_scenario(s, check.listeners());
    check.finish(stats.last_done);
    EXPECT_TRUE(check.passed()) << check.report(3);
    EXPECT_EQ(stats.completed_requests(), count_requests(s));
    EXPECT_EQ(check.scoreboard().reads_checked(), stats.read_accesses);
  }
}

INSTANTIATE_TEST_SUITE_P(AllPolicies, ScenarioLibrary,
                         ::testing::Values(SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware),
                         [](const ::testing::TestParamInfo<SchedulerPolicy>& p) { return to_string(p.param); });

}  // namespace
}  // namespace aimc
