// The TLM target against the controller core at full scenario length and under saturation:
// the non-blocking (at) drive gives the core's command trace cycle for cycle and the same
// statistics; the blocking (exact) drive gives the same as at while its threads suffice.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "models/params/scenario.h"
#include "tb/sim/scenario_run.h"
#include "tb/sim/stats_report.h"
#include "tb/tlm/tlm_run.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

// Commands must match one for one; reporting the first difference keeps a failure readable.
void expect_same_commands(const std::vector<CommandRecord>& a, const std::vector<CommandRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_TRUE(a[i].cycle == b[i].cycle && a[i].command == b[i].command && a[i].addr == b[i].addr &&
                a[i].request == b[i].request)
        << "command " << i << ": " << name_of(a[i].command) << " at cycle " << a[i].cycle << " vs "
        << name_of(b[i].command) << " at cycle " << b[i].cycle;
  }
}

// The stats JSON without what differs by design (wall time, the TLM section).
nlohmann::json comparable(const RunStats& s, const Scenario& sc) {
  nlohmann::json j = stats_to_json(s, sc);
  j.erase("wall_s");
  j.erase("requests_per_wall_s");
  j.erase("tlm");
  return j;
}

using Case = std::tuple<std::string, SchedulerPolicy>;

class TlmFullLength : public ::testing::TestWithParam<Case> {};

// The runs where a capped blocking initiator used to differ from the core.
TEST_P(TlmFullLength, AtModeEqualsTheCoreCommandForCommand) {
  Scenario s = load_scenario(test::source_path(std::get<0>(GetParam())));
  s.controller.policy = std::get<1>(GetParam());
  test::Recorder core_cmds, tlm_cmds;
  const RunStats core = run_scenario(s, {&core_cmds});
  const RunStats tlm = run_scenario_tlm(s, {&tlm_cmds}, 0, nullptr, {TlmRunMode::At});
  ASSERT_GT(core.completed_requests(), 50'000u) << "a full-length, saturating run";
  expect_same_commands(core_cmds.commands, tlm_cmds.commands);
  EXPECT_EQ(comparable(core, s), comparable(tlm, s));
  EXPECT_EQ(tlm.tlm.mode, "at");
}

INSTANTIATE_TEST_SUITE_P(
    Scenarios, TlmFullLength,
    ::testing::Values(Case{"scenarios/adversarial/refresh_stress.yaml", SchedulerPolicy::Fcfs},
                      Case{"scenarios/adversarial/refresh_stress.yaml", SchedulerPolicy::FrFcfs},
                      Case{"scenarios/adversarial/refresh_stress.yaml", SchedulerPolicy::AiAware},
                      Case{"scenarios/llm/llama3_8b_decode.yaml", SchedulerPolicy::Fcfs},
                      Case{"scenarios/llm/llama3_8b_decode.yaml", SchedulerPolicy::AiAware},
                      Case{"scenarios/adversarial/bank_group_hammer.yaml", SchedulerPolicy::Fcfs}),
    [](const ::testing::TestParamInfo<Case>& p) {
      const std::string& path = std::get<0>(p.param);
      const size_t slash = path.find_last_of('/');
      return path.substr(slash + 1, path.size() - slash - 6) + "_" + to_string(std::get<1>(p.param));
    });

// The blocking drive and the non-blocking drive reach the same target: same commands, same
// statistics, on a closed-loop decode slice (gated streams) and an open-loop random one.
TEST(TlmModes, BlockingExactEqualsNonBlockingAt) {
  for (const char* file : {"scenarios/llm/llama3_70b_decode.yaml", "scenarios/baseline/random_70r30w.yaml"}) {
    SCOPED_TRACE(file);
    const Scenario s = load_scenario(test::source_path(file));
    test::Recorder exact_cmds, at_cmds;
    const RunStats exact = run_scenario_tlm(s, {&exact_cmds}, 8000, nullptr, {TlmRunMode::Exact});
    const RunStats at = run_scenario_tlm(s, {&at_cmds}, 8000, nullptr, {TlmRunMode::At});
    EXPECT_EQ(exact.tlm.held_back, 0u);
    expect_same_commands(exact_cmds.commands, at_cmds.commands);
    EXPECT_EQ(comparable(exact, s), comparable(at, s));
  }
}

}  // namespace
}  // namespace aimc
