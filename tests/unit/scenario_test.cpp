// Scenario files: a shipped trace scenario loads; bad controller knobs fail with file:line:field.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

TEST(Scenario, ATraceScenarioLoadsWithPathsRelativeToItself) {
  const Scenario s = load_scenario(test::source_path("scenarios/baseline/random_trace_10k.yaml"));
  EXPECT_EQ(s.name, "random_trace_10k");
  EXPECT_EQ(s.memspec.name, "HBM3E_9600_8H");
  EXPECT_EQ(s.controller.policy, SchedulerPolicy::FrFcfs);
  EXPECT_EQ(s.controller.address_map.slices.size(), 7u);
  const std::string& trace = s.traffic.streams.at(0).trace_path;
  EXPECT_NE(trace.find("scenarios/baseline/../traces/random_70r30w_10k.trace"), std::string::npos) << trace;
  EXPECT_TRUE(std::filesystem::exists(trace)) << trace;
}

std::string scenario_text(const std::string& controller) {
  return "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3_6400_8h.yaml") +
         "\ncontroller:\n" + controller + "traffic:\n  trace: x.trace\n";
}

TEST(Scenario, UnknownPolicyListsTheChoices) {
  const std::string path = test::write_temp("s1.yaml", scenario_text("  policy: lifo\n"));
  const auto e = test::config_error([&] { load_scenario(path); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.policy");
  EXPECT_EQ(e->line(), 4);
  EXPECT_NE(std::string(e->what()).find("fcfs, fr_fcfs"), std::string::npos);
}

// A number or flag in quotes is text in YAML: refused with its line and field, not read as
// the number it spells.
TEST(Scenario, AQuotedNumberOrFlagIsBadInput) {
  for (const std::string& controller :
       {std::string("  queue_depth: \"32\"\n"), std::string("  read_modify_write: \"false\"\n"),
        std::string("  ai_aware:\n    age_limit_ns: '4000'\n")}) {
    const std::string path = test::write_temp("quoted.yaml", scenario_text(controller));
    const auto e = test::config_error([&] { load_scenario(path); });
    ASSERT_TRUE(e.has_value()) << controller;
    EXPECT_GE(e->line(), 4) << controller;
    EXPECT_NE(std::string(e->what()).find("expected"), std::string::npos) << e->what();
  }
  const std::string plain = test::write_temp("plain.yaml", scenario_text("  queue_depth: 32\n"));
  EXPECT_EQ(load_scenario(plain).controller.queue_depth, 32);
}

TEST(Scenario, BadAddressSliceNamesTheField) {
  const std::string path = test::write_temp("s2.yaml", scenario_text("  address_map:\n    order: [row:x]\n"));
  const auto e = test::config_error([&] { load_scenario(path); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.address_map.order");
}

// accelerator: the stacks multiply the channels, the capacity and the peak; a bad interleave
// names its field.
TEST(Scenario, AnAcceleratorSimulatesSeveralStacks) {
  const std::string base = scenario_text("  policy: fr_fcfs\n");
  const Scenario one = load_scenario(test::write_temp("one.yaml", base));
  const Scenario six = load_scenario(test::write_temp("six.yaml", base + "accelerator:\n  stacks: 6\n  interleave_bytes: 8192\n"));
  EXPECT_EQ(six.memspec.org.stacks, 6);
  EXPECT_EQ(six.memspec.org.channels, 6 * one.memspec.org.channels);
  EXPECT_EQ(six.memspec.org.channels_per_stack(), one.memspec.org.channels);
  EXPECT_EQ(six.memspec.org.capacity_bytes(), 6 * one.memspec.org.capacity_bytes());
  EXPECT_DOUBLE_EQ(six.memspec.peak_gbps(), 6 * one.memspec.peak_gbps());
  EXPECT_EQ(six.controller.address_map.stack_interleave_bytes, 8192u);
  EXPECT_NE(six.memspec.describe().find("6 x "), std::string::npos);
  const auto e = test::config_error(
      [&] { load_scenario(test::write_temp("bad.yaml", base + "accelerator:\n  stacks: 2\n  interleave_bytes: 1000\n")); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "accelerator.interleave_bytes");
}

TEST(Scenario, QueueDepthMustBePositive) {
  const std::string path = test::write_temp("s3.yaml", scenario_text("  queue_depth: 0\n"));
  EXPECT_THROW(load_scenario(path), ConfigError);
}

TEST(Scenario, AiAwareDefaultsFitASmallQueueAndWrittenValuesAreChecked) {
  // No ai_aware block: the default reserve (16) and drain marks (40/16) shrink to 8 slots.
  const ControllerConfig c = load_scenario(test::write_temp("s7.yaml", scenario_text("  queue_depth: 8\n"))).controller;
  EXPECT_EQ(c.ai_aware.reserved_slots, 7);
  EXPECT_EQ(c.ai_aware.write_high, 8);
  EXPECT_EQ(c.ai_aware.write_low, 7);
  // A written reserve must leave a slot.
  const std::string bad =
      test::write_temp("s8.yaml", scenario_text("  queue_depth: 8\n  ai_aware:\n    reserved_slots: 8\n"));
  const auto e = test::config_error([&] { load_scenario(bad); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.ai_aware.reserved_slots");
  EXPECT_EQ(e->line(), 6);
}

TEST(Scenario, PreemptRankGapIsReadAndRangeChecked) {
  const std::string ok = test::write_temp("s4.yaml", scenario_text("  ai_aware:\n    preempt_rank_gap: 2\n"));
  EXPECT_EQ(load_scenario(ok).controller.ai_aware.preempt_rank_gap, 2);
  EXPECT_EQ(load_scenario(test::write_temp("s5.yaml", scenario_text("  policy: ai_aware\n"))).controller.ai_aware.preempt_rank_gap, 0);
  const std::string bad = test::write_temp("s6.yaml", scenario_text("  ai_aware:\n    preempt_rank_gap: 16\n"));
  const auto e = test::config_error([&] { load_scenario(bad); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.ai_aware.preempt_rank_gap");
  EXPECT_EQ(e->line(), 5);
}

// A time knob of ai_aware (ns): `good` is read back, it is `fallback` when left out, and `bad` is
// an error that names the field and its line.
void expect_ai_aware_time(const std::string& name, double AiAwareConfig::*knob, double good, double fallback, double bad) {
  auto with = [&](const std::string& tag, const std::string& controller) {
    return test::write_temp(name + "_" + tag + ".yaml", scenario_text(controller));
  };
  const std::string value = "  ai_aware:\n    " + name + ": ";
  EXPECT_EQ(load_scenario(with("good", value + fmt::format("{}\n", good))).controller.ai_aware.*knob, good);
  EXPECT_EQ(load_scenario(with("unset", "  policy: ai_aware\n")).controller.ai_aware.*knob, fallback);
  const std::string bad_file = with("bad", value + fmt::format("{}\n", bad));
  const auto e = test::config_error([&] { load_scenario(bad_file); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.ai_aware." + name);
  EXPECT_EQ(e->line(), 5);
}

TEST(Scenario, PreemptAfterIsReadAndRangeChecked) {
  expect_ai_aware_time("preempt_after_ns", &AiAwareConfig::preempt_after_ns, 50, 0, -1);
}

TEST(Scenario, RefreshAfterKvQuietIsANonNegativeTimeOffByDefault) {
  expect_ai_aware_time("refresh_after_kv_quiet_ns", &AiAwareConfig::refresh_after_kv_quiet_ns, 150, 0, -5);
}

TEST(Scenario, BestEffortRowHoldIsANonNegativeTimeOffByDefault) {
  expect_ai_aware_time("best_effort_row_hold_ns", &AiAwareConfig::best_effort_row_hold_ns, 50, 0, -1);
}

TEST(Scenario, RefreshPreemptsBestEffortIsAFlag) {
  const std::string on = test::write_temp("s7.yaml", scenario_text("  ai_aware:\n    refresh_preempts_best_effort: true\n"));
  EXPECT_TRUE(load_scenario(on).controller.ai_aware.refresh_preempts_best_effort);
  EXPECT_FALSE(load_scenario(test::write_temp("s8.yaml", scenario_text("  policy: ai_aware\n"))).controller.ai_aware.refresh_preempts_best_effort);
  const std::string bad = test::write_temp("s9.yaml", scenario_text("  ai_aware:\n    refresh_preempts_best_effort: sometimes\n"));
  const auto e = test::config_error([&] { load_scenario(bad); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "controller.ai_aware.refresh_preempts_best_effort");
  EXPECT_EQ(e->line(), 5);
}

// YAML that yaml-cpp takes without a word but that would silently change a run.
TEST(Scenario, RepeatedKeysMergeKeysAndSecondDocumentsAreErrors) {
  auto error_in = [](const std::string& name, const std::string& text) {
    const auto e = test::config_error([&] { load_scenario(test::write_temp(name, text)); });
    return e ? std::to_string(e->line()) + " " + e->field() + ": " + e->reason() : std::string("accepted");
  };
  EXPECT_EQ(error_in("d1.yaml", scenario_text("  policy: fcfs\n  policy: ai_aware\n")),
            "5 controller.policy: given twice (first on line 4)");
  EXPECT_EQ(error_in("d2.yaml", scenario_text("  <<: {policy: fcfs}\n")),
            "4 controller.<<: YAML merge keys are not supported: write the fields out");
  EXPECT_EQ(error_in("d3.yaml", scenario_text("") + "---\nname: other\n"),
            "7 : a second YAML document ('---'): a file holds one");
  EXPECT_EQ(error_in("d4.yaml", "name: ''\nmemspec: x.yaml\n"), "1 name: empty");
}

TEST(Scenario, AMemspecThatCannotBeReadIsTheErrorOfTheLineNamingIt) {
  const std::string path = test::write_temp("m1.yaml", "name: t\nmemspec: no_such_memspec.yaml\n");
  const auto e = test::config_error([&] { load_scenario(path); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "memspec");
  EXPECT_NE(e->reason().find("no_such_memspec.yaml: cannot open file"), std::string::npos) << e->what();
  const std::string dir = test::write_temp("m2.yaml", "name: t\nmemspec: " + test::source_path("scenarios") + "\n");
  const auto d = test::config_error([&] { load_scenario(dir); });
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line(), 2);
  EXPECT_NE(d->reason().find("is a directory"), std::string::npos) << d->what();
}

}  // namespace
}  // namespace aimc
