// --set PATH=VALUE: an override goes through the same checks as the file, picks list elements
// by name or index, reaches the memspec, and every error names the --set argument.
#include <gtest/gtest.h>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "models/params/yaml_override.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

const std::string kMixed = test::source_path("scenarios/tenants/mixed_tenants.yaml");

Scenario load_with(const std::vector<std::string>& sets) {
  std::vector<YamlOverride> overrides;
  for (const std::string& s : sets) overrides.push_back(parse_override(s));
  return load_scenario(kMixed, overrides);
}

std::optional<ConfigError> error_with(const std::vector<std::string>& sets) {
  return test::config_error([&] { load_with(sets); });
}

TEST(YamlOverride, ChangesOneKnobAndNothingElse) {
  const Scenario file = load_scenario(kMixed);
  const Scenario set = load_with({"controller.ai_aware.preempt_after_ns=25"});
  EXPECT_EQ(file.controller.ai_aware.preempt_after_ns, 50);
  EXPECT_EQ(set.controller.ai_aware.preempt_after_ns, 25);
  EXPECT_EQ(set.controller.ai_aware.class_rank, file.controller.ai_aware.class_rank);
  EXPECT_EQ(set.controller.ai_aware.age_limit_ns, file.controller.ai_aware.age_limit_ns);
  EXPECT_EQ(set.traffic.streams.size(), file.traffic.streams.size());
  EXPECT_EQ(set.overrides, std::vector<std::string>{"controller.ai_aware.preempt_after_ns=25"});
  EXPECT_TRUE(file.overrides.empty());
}

TEST(YamlOverride, PicksListElementsByNameOrIndexAndAddsMissingFields) {
  const Scenario s = load_with({"traffic.streams.prefill.rate_gbps=100", "traffic.streams.2.rate_gbps=7",
                                "controller.ai_aware.bank_group_interleave=true",
                                "controller.ai_aware.class_rank.BEST_EFFORT=5"});
  EXPECT_EQ(s.traffic.streams.at(1).rate_gbps, 100);
  EXPECT_EQ(s.traffic.streams.at(2).rate_gbps, 7);
  EXPECT_TRUE(s.controller.ai_aware.bank_group_interleave);  // not written in the file
  EXPECT_EQ(s.controller.ai_aware.class_rank[size_t(StreamClass::BEST_EFFORT)], 5);
  EXPECT_EQ(s.controller.ai_aware.class_rank[size_t(StreamClass::KV_READ)], 0);  // the rest as in the file
}

TEST(YamlOverride, AFlowMappingReplacesTheWholeMappingAndTheLastSetWins) {
  const Scenario s = load_with({"controller.ai_aware.class_rank={KV_READ: 1}", "controller.ai_aware.age_limit_ns=100",
                                "controller.ai_aware.age_limit_ns=300"});
  const AiAwareConfig defaults;
  EXPECT_EQ(s.controller.ai_aware.class_rank[size_t(StreamClass::KV_READ)], 1);
  EXPECT_EQ(s.controller.ai_aware.class_rank[size_t(StreamClass::BEST_EFFORT)],
            defaults.class_rank[size_t(StreamClass::BEST_EFFORT)]);
  EXPECT_EQ(s.controller.ai_aware.age_limit_ns, 300);
}

TEST(YamlOverride, MemspecPathsGoIntoTheMemspecFile) {
  const Scenario s = load_with({"memspec.timing.nRFCab=1000"});
  EXPECT_EQ(s.memspec.t.nRFCab, 1000);
  EXPECT_EQ(load_scenario(kMixed).memspec.t.nRFCab, 840);
  const auto e = error_with({"memspec.timing.nRFCab=0"});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "--set memspec.timing.nRFCab=0");
  EXPECT_EQ(e->field(), "timing.nRFCab");
  EXPECT_NE(e->reason().find("out of range"), std::string::npos) << e->what();
}

TEST(YamlOverride, ErrorsNameTheSetArgumentAndTheField) {
  struct Bad {
    std::string arg, field, says;
  };
  for (const Bad& b : std::vector<Bad>{
           {"controller.ai_aware.age_limt_ns=5", "controller.ai_aware.age_limt_ns",
            "unknown field; did you mean 'age_limit_ns'?"},
           {"controller.queu_depth=32", "controller.queu_depth", "unknown field; did you mean 'queue_depth'?"},
           {"controller.ai_aware.age_limit_ns=-5", "controller.ai_aware.age_limit_ns", "out of range"},
           {"controller.policy=lifo", "controller.policy", "fcfs, fr_fcfs"},
           {"controller.ai_aware.class_rank={FOO: 1}", "controller.ai_aware.class_rank.FOO", "unknown field"},
           {"traffic.streams.prefill.rate_gbps=fast", "traffic.streams[1].rate_gbps", "number"},
           {"traffic.streams.nosuch.rate_gbps=1", "", "no element named 'nosuch' (names: decode, prefill, analytics)"},
           {"traffic.streams.3.rate_gbps=1", "", "has 3 elements"},
           {"controller.policy.x=1", "", "'controller.policy' is a single value"},
           {"controller.policy", "", "expected PATH=VALUE"},
           {"controller..policy=fcfs", "", "empty part"},
           {"controller.policy=", "", "no value"},
           {"controller.ai_aware.class_rank={KV_READ: 0", "", "not YAML"},
       }) {
    const auto e = error_with({b.arg});
    ASSERT_TRUE(e.has_value()) << b.arg;
    EXPECT_EQ(e->file(), "--set " + b.arg);
    EXPECT_EQ(e->line(), 0) << b.arg;
    EXPECT_EQ(e->field(), b.field) << b.arg;
    EXPECT_NE(std::string(e->what()).find(b.says), std::string::npos) << e->what();
  }
}

TEST(YamlOverride, ErrorsInTheFileStillNameTheFileAndLine) {
  const std::string path = test::write_temp(
      "override_file_error.yaml", "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3_6400_8h.yaml") +
                                      "\ncontroller:\n  policy: lifo\ntraffic:\n  trace: x.trace\n");
  const auto e = test::config_error([&] { load_scenario(path, {parse_override("controller.queue_depth=32")}); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), path);
  EXPECT_EQ(e->line(), 4);
  EXPECT_EQ(e->field(), "controller.policy");
}

TEST(YamlOverride, AMisspeltMappingOnThePathIsBlamedOnTheSet) {
  const auto e = error_with({"controller.ai_awre.age_limit_ns=5"});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "--set controller.ai_awre.age_limit_ns=5");
  EXPECT_EQ(e->field(), "controller.ai_awre");
}

TEST(YamlOverride, AMemspecErrorIsNotBlamedOnAScenarioSetOfTheSameFieldName) {
  const auto e = error_with({"name=foo", "memspec.name=[1]"});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), "--set memspec.name=[1]");
}

TEST(YamlOverride, AValueSharedThroughAnAnchorChangesOnlyWhereItIsSet) {
  const std::string path = test::write_temp(
      "override_anchor.yaml", "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                                  "\ntraffic:\n  streams:\n"
                                  "    - {name: a, kind: sequential, rate_gbps: 10, duration_ns: 100, region_gib: &r [0, 1]}\n"
                                  "    - {name: b, kind: sequential, rate_gbps: 10, duration_ns: 100, region_gib: *r}\n");
  const Scenario s = load_scenario(path, {parse_override("traffic.streams.b.region_gib=[2, 3]")});
  EXPECT_EQ(s.traffic.streams.at(0).region_begin_gib, 0);
  EXPECT_EQ(s.traffic.streams.at(1).region_begin_gib, 2);
}

TEST(YamlOverride, LoadingDoesNotEditTheOverridesItIsGiven) {
  // The second override writes inside the mapping the first one set; compare-policies reuses
  // the same overrides for every scenario, so they must come out as they went in.
  const std::vector<YamlOverride> overrides = {parse_override("controller.ai_aware={age_limit_ns: 100}"),
                                               parse_override("controller.ai_aware.write_high=20")};
  const Scenario first = load_scenario(kMixed, overrides);
  EXPECT_EQ(first.controller.ai_aware.write_high, 20);
  EXPECT_FALSE(overrides[0].value["write_high"].IsDefined());
  const Scenario second = load_scenario(kMixed, {overrides[0]});
  EXPECT_EQ(second.controller.ai_aware.write_high, AiAwareConfig{}.write_high);
}

TEST(YamlOverride, SweepValuesSplitAtTopLevelCommasOnly) {
  EXPECT_EQ(split_sweep_values("0, 25,50"), (std::vector<std::string>{"0", "25", "50"}));
  EXPECT_EQ(split_sweep_values("{KV_READ: 0, BEST_EFFORT: 2},{KV_READ: 1}, [1, 2]"),
            (std::vector<std::string>{"{KV_READ: 0, BEST_EFFORT: 2}", "{KV_READ: 1}", "[1, 2]"}));
  EXPECT_EQ(split_sweep_values("'a,b',c"), (std::vector<std::string>{"'a,b'", "c"}));
  EXPECT_EQ(split_sweep_values("x"), (std::vector<std::string>{"x"}));
}

}  // namespace
}  // namespace aimc
