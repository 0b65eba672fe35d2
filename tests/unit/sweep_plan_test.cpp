// The points a sweep file expands to: combinations, zipped axes, knobs a policy does not read,
// stable ids, and errors that name the file, the line and the point.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "models/params/config_error.h"
#include "tb/sim/text_file.h"
#include "tb/sweep/sweep_plan.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

// A sweep file in the temp folder whose scenarios point into the repository.
std::string sweep_file(const std::string& name, const std::string& body) {
  const std::string path = test::temp_path(name);
  write_text_file(path, "scenarios: [" + test::source_path("scenarios/default.yaml") + "]\n" + body);
  return path;
}

std::string error_of(const std::string& path) {
  try {
    plan_sweep(load_sweep_spec(path));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepPlan, EveryCombinationOnceAndKnobsAPolicyDoesNotReadRunOnce) {
  const SweepPlan plan = plan_sweep(load_sweep_spec(sweep_file("product.yaml",
                                                               "policies: [fcfs, fr_fcfs, ai_aware]\n"
                                                               "axes:\n"
                                                               "  memspec.data_rate_gbps: [8.0, 9.6]\n"
                                                               "  controller.ai_aware.age_limit_ns: [1000, 4000]\n"
                                                               "  controller.row_hit_cap: [4, 16]\n")));
  // fcfs reads neither knob (2 rates), fr_fcfs the hit cap (2 x 2), ai_aware both (2 x 2 x 2).
  ASSERT_EQ(plan.points.size(), 2u + 4u + 8u);
  std::set<std::string> ids;
  for (const SweepPoint& p : plan.points) {
    ids.insert(p.id);
    EXPECT_EQ(p.axis_values[1].has_value(), p.policy == "ai_aware") << describe(plan, p);
    EXPECT_EQ(p.axis_values[2].has_value(), p.policy != "fcfs") << describe(plan, p);
    ASSERT_TRUE(p.axis_values[0].has_value());
    EXPECT_EQ(p.id.size(), 13u);
    EXPECT_EQ(p.id[0], 'p');
  }
  EXPECT_EQ(ids.size(), plan.points.size());
  EXPECT_EQ(describe(plan, plan.points.front()),
            "scenario=default policy=fcfs memspec.data_rate_gbps=8.0 controller.ai_aware.age_limit_ns=n/a "
            "controller.row_hit_cap=n/a");
}

TEST(SweepPlan, ZippedAxesAdvanceTogether) {
  const SweepPlan plan = plan_sweep(load_sweep_spec(sweep_file("zip.yaml",
                                                               "policies: [fr_fcfs]\n"
                                                               "seeds: [0, 1]\n"
                                                               "axes:\n"
                                                               "  memspec.data_rate_gbps: [8.0, 9.2, 9.6]\n"
                                                               "  controller.queue_depth: [32, 48, 64]\n"
                                                               "zip: [[memspec.data_rate_gbps, controller.queue_depth]]\n")));
  ASSERT_EQ(plan.points.size(), 3u * 2u);
  for (const SweepPoint& p : plan.points) {
    const std::string rate = *p.axis_values[0], depth = *p.axis_values[1];
    EXPECT_TRUE((rate == "8.0" && depth == "32") || (rate == "9.2" && depth == "48") || (rate == "9.6" && depth == "64"))
        << describe(plan, p);
  }
}

TEST(SweepPlan, IdsDependOnlyOnWhatTheRunIs) {
  const std::string body = "policies: [ai_aware]\naxes:\n  controller.ai_aware.age_limit_ns: [1000, 4000]\n";
  const SweepPlan a = plan_sweep(load_sweep_spec(sweep_file("ids_a.yaml", body)));
  const SweepPlan b = plan_sweep(load_sweep_spec(sweep_file("ids_b.yaml", "# another file, the same runs\n" + body)));
  ASSERT_EQ(a.points.size(), 2u);
  ASSERT_EQ(b.points.size(), 2u);
  EXPECT_EQ(a.points[0].id, b.points[0].id);
  EXPECT_EQ(a.points[1].id, b.points[1].id);
  EXPECT_NE(a.points[0].id, a.points[1].id);
}

TEST(SweepPlan, RunArgumentsAreThoseOfAimcRun) {
  const SweepPlan plan = plan_sweep(load_sweep_spec(sweep_file("args.yaml",
                                                               "policies: [ai_aware]\nseeds: [2]\nmax_requests: 500\n"
                                                               "set: {controller.queue_depth: 32}\n"
                                                               "axes:\n  controller.ai_aware.age_limit_ns: [1000]\n")));
  ASSERT_EQ(plan.points.size(), 1u);
  const std::vector<std::string> args = run_arguments(plan.points[0], "out.json");
  const std::vector<std::string> tail(args.begin() + 1, args.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"--policy", "ai_aware", "--backend", "model", "--set",
                                            "controller.queue_depth=32", "--set", "controller.ai_aware.age_limit_ns=1000",
                                            "--seed-offset", "2", "--max-requests", "500", "--no-sampling-check",
                                            "--stats", "out.json", "--no-progress"}));
}

TEST(SweepPlan, TheSamplingCheckIsAskedForAndLeavesTheIdsAlone) {
  const SweepPlan without = plan_sweep(load_sweep_spec(sweep_file("no_check.yaml", "policies: [ai_aware]\n")));
  const SweepPlan with = plan_sweep(load_sweep_spec(sweep_file("check.yaml", "policies: [ai_aware]\nsampling_check: true\n")));
  ASSERT_EQ(without.points.size(), 1u);
  ASSERT_EQ(with.points.size(), 1u);
  EXPECT_EQ(with.points[0].id, without.points[0].id);
  const auto asks = [](const SweepPoint& p) {
    const std::vector<std::string> args = run_arguments(p, "out.json");
    return std::find(args.begin(), args.end(), "--no-sampling-check") == args.end();
  };
  EXPECT_FALSE(asks(without.points[0]));
  EXPECT_TRUE(asks(with.points[0]));
}

TEST(SweepPlan, ASampleScaleGoesToEveryRunAndIntoItsId) {
  const SweepPlan without = plan_sweep(load_sweep_spec(sweep_file("unscaled.yaml", "policies: [ai_aware]\n")));
  const SweepPlan with = plan_sweep(load_sweep_spec(sweep_file("scaled.yaml", "policies: [ai_aware]\nsample_scale: 2\n")));
  ASSERT_EQ(with.points.size(), 1u);
  EXPECT_NE(with.points[0].id, without.points[0].id);  // another run: twice the sample
  const std::vector<std::string> args = run_arguments(with.points[0], "out.json");
  const auto at = std::find(args.begin(), args.end(), "--sample-scale");
  ASSERT_NE(at, args.end());
  EXPECT_EQ(*(at + 1), "2");
  const std::vector<std::string> plain = run_arguments(without.points[0], "out.json");
  EXPECT_EQ(std::find(plain.begin(), plain.end(), "--sample-scale"), plain.end());

  // default.yaml samples 0.016 of each layer: 300 times that is more than the layer.
  const std::string too_large = sweep_file("too_large.yaml", "policies: [ai_aware]\nsample_scale: 300\n");
  const std::string e = error_of(too_large);
  EXPECT_NE(e.find(too_large + ": point p"), std::string::npos) << e;
  EXPECT_NE(e.find("0.016 x --sample-scale 300 passes 1"), std::string::npos) << e;
  const std::string below_one = sweep_file("below_one.yaml", "sample_scale: 0.5\n");
  EXPECT_NE(error_of(below_one).find(below_one + ":2: field 'sample_scale'"), std::string::npos) << error_of(below_one);
}

// sample_until: PCT passes aimc run --sample-until PCT (which makes its own sampling check) to
// the points whose scenario samples, and is part of their id; a point that does not sample runs
// as before, and whole runs are needed.
TEST(SweepPlan, SampleUntilGoesToThePointsThatSample) {
  const std::string path = test::temp_path("until.yaml");
  write_text_file(path, "scenarios: [" + test::source_path("scenarios/default.yaml") + ", " +
                            test::source_path("scenarios/baseline/sequential_read.yaml") + "]\npolicies: [fr_fcfs]\nsample_until: 2\n");
  const SweepPlan with = plan_sweep(load_sweep_spec(path));
  const SweepPlan without = plan_sweep(load_sweep_spec(sweep_file("until_off.yaml", "policies: [fr_fcfs]\n")));
  ASSERT_EQ(with.points.size(), 2u);
  EXPECT_NE(with.points[0].id, without.points[0].id);  // another run: the sample the search finds
  const std::vector<std::string> sampled = run_arguments(with.points[0], "out.json");
  const auto at = std::find(sampled.begin(), sampled.end(), "--sample-until");
  ASSERT_NE(at, sampled.end());
  EXPECT_EQ(*(at + 1), "2");
  EXPECT_EQ(std::find(sampled.begin(), sampled.end(), "--no-sampling-check"), sampled.end());
  const std::vector<std::string> plain = run_arguments(with.points[1], "out.json");
  EXPECT_EQ(std::find(plain.begin(), plain.end(), "--sample-until"), plain.end());
  EXPECT_NE(std::find(plain.begin(), plain.end(), "--no-sampling-check"), plain.end());

  const std::string cut = sweep_file("until_cut.yaml", "sample_until: 2\nmax_requests: 1000\n");
  EXPECT_NE(error_of(cut).find(cut + ":2: field 'sample_until': compares whole runs"), std::string::npos) << error_of(cut);
  const std::string tiny = sweep_file("until_tiny.yaml", "sample_until: 0.05\n");
  EXPECT_NE(error_of(tiny).find(tiny + ":2: field 'sample_until': expected 0.1 to 50"), std::string::npos) << error_of(tiny);
  // default.yaml samples 0.016 of each layer: at 32 times that there is no room for three scales.
  const std::string full = sweep_file("until_full.yaml", "sample_until: 2\nsample_scale: 32\n");
  EXPECT_NE(error_of(full).find("leaves no room for --sample-until's three scales"), std::string::npos) << error_of(full);
}

TEST(SweepPlan, ErrorsNameTheFileTheLineAndThePoint) {
  const std::string typo = sweep_file("typo.yaml", "axis:\n  memspec.data_rate_gbps: [8.0]\n");
  EXPECT_NE(error_of(typo).find(typo + ":2: field 'axis': unknown field; did you mean 'axes'?"), std::string::npos)
      << error_of(typo);

  const std::string uneven = sweep_file("uneven.yaml",
                                        "axes:\n  memspec.data_rate_gbps: [8.0, 9.6]\n  controller.queue_depth: [32]\n"
                                        "zip: [[memspec.data_rate_gbps, controller.queue_depth]]\n");
  EXPECT_NE(error_of(uneven).find("zipped axes need lists of one length"), std::string::npos) << error_of(uneven);

  const std::string bad_value = sweep_file("bad_value.yaml", "policies: [fr_fcfs]\naxes:\n  controller.queue_depth: [32, -3]\n");
  const std::string e = error_of(bad_value);
  EXPECT_NE(e.find(bad_value + ": point p"), std::string::npos) << e;
  EXPECT_NE(e.find("controller.queue_depth=-3"), std::string::npos) << e;

  const std::string missing = test::temp_path("missing.yaml");
  write_text_file(missing, "scenarios: [no_such_scenario.yaml]\n");
  EXPECT_NE(error_of(missing).find("field 'scenarios': no such file"), std::string::npos) << error_of(missing);

  const std::string bad_policy = sweep_file("bad_policy.yaml", "policies: [frfcfs]\n");
  EXPECT_NE(error_of(bad_policy).find("'frfcfs' is not one of: ai_aware, fcfs, fr_fcfs"), std::string::npos)
      << error_of(bad_policy);

  // Values `aimc run` refuses are refused here, before any point runs.
  const std::string no_requests = sweep_file("mr0.yaml", "max_requests: 0\n");
  EXPECT_NE(error_of(no_requests).find(no_requests + ":2: field 'max_requests'"), std::string::npos)
      << error_of(no_requests);
  const std::string huge_seed = sweep_file("seed.yaml", "seeds: [99999999]\n");
  EXPECT_NE(error_of(huge_seed).find(huge_seed + ":2: field 'seeds': expected seed offsets 0 to 1000000, got '99999999'"),
            std::string::npos)
      << error_of(huge_seed);
}

}  // namespace
}  // namespace aimc
