// The aimc command line as users run it: outputs, exit codes and error messages.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/cli_support.h"
#include "tests/support/fst_reader.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

using test::aimc;
using test::Result;
using test::shell;

#ifdef AIMC_HAVE_RTL
constexpr bool kHaveRtl = true;
#else
constexpr bool kHaveRtl = false;  // configured with -DAIMC_BUILD_RTL=OFF
#endif

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

TEST(Cli, DefaultScenarioWritesCommandTraceAndStats) {
  const std::string csv = test::temp_path("cmds.csv");
  const std::string stats = test::temp_path("stats.json");
  const Result r = aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " --check --cmd-trace " + csv +
                        " --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("bandwidth"), std::string::npos);
  EXPECT_NE(r.output.find("0 violations"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("data check:     13896 reads checked, 6104 writes stored, 0 mismatches"), std::string::npos)
      << r.output;
  EXPECT_EQ(first_line(csv), "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column");
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  for (const char* key : {"bandwidth_GBps", "peak_GBps", "simulated_ns", "wall_s", "row_hits", "row_misses",
                          "row_conflicts", "commands", "per_channel", "read_latency", "write_latency"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  for (const char* key : {"mean_ns", "p50_ns", "p99_ns", "max_ns"}) EXPECT_TRUE(j["read_latency"].contains(key));
  EXPECT_EQ(j["requests"]["read"].get<int>() + j["requests"]["write"].get<int>(), 10000);
  EXPECT_EQ(j["per_channel"].size(), 16u);
  EXPECT_GT(j["bandwidth_GBps"].get<double>(), 0.0);
  EXPECT_LE(j["bandwidth_GBps"].get<double>(), j["peak_GBps"].get<double>());

  const Result check = aimc("check " + csv + " --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"));
  EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(Cli, DecodeScenarioReportsClassesStepsAndColumnBus) {
  const std::string stats = test::temp_path("decode.json");
  const Result r = aimc("run " + test::source_path("scenarios/llm/llama3_8b_decode.yaml") +
                        " --policy ai_aware --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("tokens/s bound"), std::string::npos) << r.output;
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["policy"], "ai_aware");
  for (const char* cls : {"KV_READ", "KV_WRITE", "WEIGHT", "ACTIVATION", "BEST_EFFORT"}) {
    EXPECT_TRUE(j["class_latency"].contains(cls)) << cls;
  }
  const auto& decode = j["streams"][0];
  EXPECT_EQ(decode["kind"], "llm_decode");
  EXPECT_EQ(decode["steps"]["count"].get<int>(), 8);
  EXPECT_EQ(decode["step_ns"].size(), 8u);
  EXPECT_GT(decode["tokens_per_s_bound"].get<double>(), 0.0);
  EXPECT_GT(j["column_bus"]["bank_group_switches"].get<uint64_t>(), 0u);
  // Best effort fills the queues beside the decode: some port waits for queue space.
  EXPECT_GT(j["frontend_stall_ns"].get<double>(), 0.0);
  // The decode and its two best-effort tenants: each stream's figures, adding up to the run's.
  ASSERT_EQ(j["streams"].size(), 3u);
  uint64_t requests = 0, bytes = 0, best_effort = 0;
  for (const auto& st : j["streams"]) {
    requests += st["requests"]["read"].get<uint64_t>() + st["requests"]["write"].get<uint64_t>();
    bytes += st["bytes"].get<uint64_t>();
    if (st["class_latency"].contains("BEST_EFFORT")) best_effort += st["class_latency"]["BEST_EFFORT"]["count"].get<uint64_t>();
    EXPECT_GT(st["bandwidth_GBps"].get<double>(), 0.0) << st["name"];
    EXPECT_LE(st["active_ns"].get<double>(), j["simulated_ns"].get<double>()) << st["name"];
    EXPECT_NE(r.output.find("stream        " + st["name"].get<std::string>() + " "), std::string::npos) << r.output;
  }
  EXPECT_EQ(requests, j["requests"]["read"].get<uint64_t>() + j["requests"]["write"].get<uint64_t>());
  EXPECT_EQ(bytes, j["bytes"].get<uint64_t>());
  EXPECT_EQ(best_effort, j["class_latency"]["BEST_EFFORT"]["count"].get<uint64_t>());
  EXPECT_FALSE(decode["class_latency"].contains("BEST_EFFORT"));
}

// A stream that samples its layers' bytes extrapolates its whole step from the sampled steps'
// steady rate: the sampled step plus the bytes it did not simulate at that rate, so the fill is
// counted once (the plain estimate, step x scale, counts it scale times). A check run at twice
// the layer_fraction extrapolates again; the gap is the reported uncertainty, with a warning
// exactly when it is above 5 %.
TEST(Cli, SampledDecodeReportsItsSamplingUncertainty) {
  const std::string scenario = test::source_path("scenarios/llm/llama3_8b_decode.yaml");
  const std::string stats = test::temp_path("sampled.json");
  const Result r = aimc("run " + scenario + " --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& decode = j["streams"][0];
  ASSERT_TRUE(decode.contains("sampling")) << decode.dump();
  const auto& sm = decode["sampling"];
  const double f = sm["layer_fraction"].get<double>();
  EXPECT_DOUBLE_EQ(f, 0.002);
  EXPECT_DOUBLE_EQ(sm["check_layer_fraction"].get<double>(), 2 * f);
  const double scale = 32.0 / 2 / f;  // 32 layers, 2 simulated
  const double step_ns = decode["steps"]["mean_ns"].get<double>();
  const double steps = decode["steps"]["count"].get<double>();
  EXPECT_EQ(steps, 8);
  EXPECT_NEAR(decode["plain_full_step_ms"].get<double>(), step_ns * scale / 1e6, 1e-9 * step_ns * scale);
  const double steady = decode["steady_GBps"].get<double>();
  EXPECT_GT(steady, decode["bandwidth_GBps"].get<double>()) << "the steady part is faster than the step with its fill";
  const double step_bytes = decode["bytes"].get<double>() / steps;
  const double full_ms = decode["full_step_ms"].get<double>();
  EXPECT_NEAR(full_ms, (step_ns + step_bytes * (scale - 1) / steady) / 1e6, 1e-9 * full_ms);
  EXPECT_LT(full_ms, decode["plain_full_step_ms"].get<double>()) << "the fill and drain are counted once";
  EXPECT_NEAR(decode["tokens_per_s_bound"].get<double>(), 16 / (full_ms * 1e-3), 1e-9 * 16 / (full_ms * 1e-3));
  const double check_ms = sm["check_full_step_ms"].get<double>();
  const double u = sm["uncertainty"].get<double>();
  EXPECT_NEAR(u, std::abs(full_ms - check_ms) / full_ms, 1e-12);
  // The two runs pooled as one sample, weighted by their fractions (f and 2 f).
  const double pooled_ms = sm["pooled_full_step_ms"].get<double>();
  EXPECT_NEAR(pooled_ms, (full_ms + 2 * check_ms) / 3, 1e-9 * pooled_ms);
  EXPECT_NEAR(sm["pooled_tokens_per_s_bound"].get<double>(), 16 / (pooled_ms * 1e-3), 1e-9 * 16 / (pooled_ms * 1e-3));
  EXPECT_NE(r.output.find(fmt::format("the two runs pooled: full step {:.3f} ms", pooled_ms)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sampling uncertainty"), std::string::npos) << r.output;
  const bool warned = r.output.find("warning       decode: sampled figures are uncertain by more than 5 %") != std::string::npos;
  EXPECT_EQ(warned, u > 0.05) << r.output;

  // Skipped on request and on a cut-short run.
  for (const char* opt : {"--no-sampling-check", "--max-requests 50000"}) {
    const Result off = aimc("run " + scenario + " " + opt + " --stats " + stats);
    ASSERT_EQ(off.exit_code, 0) << off.output;
    std::ifstream in_off(stats);
    EXPECT_FALSE(nlohmann::json::parse(in_off)["streams"][0].contains("sampling")) << opt;
    EXPECT_EQ(off.output.find("sampling uncertainty"), std::string::npos) << opt;
  }
}

// A 6-stack accelerator: the stacks' bytes add up to the run's and stay balanced under 4 KiB
// interleaving, tokens/s is for the whole accelerator and below its roofline, and the summary
// and the energy say how many stacks.
TEST(Cli, AnAcceleratorReportsItsStacksAndTokensPerAccelerator) {
  const std::string stats = test::temp_path("accelerator.json");
  const Result r = aimc("run " + test::source_path("scenarios/accelerator/llama3_8b_decode_6stack.yaml") +
                        " --no-sampling-check --check --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& stacks = j["stacks"];
  EXPECT_EQ(stacks["count"].get<int>(), 6);
  uint64_t bytes = 0;
  for (const auto& b : stacks["bytes"]) bytes += b.get<uint64_t>();
  EXPECT_EQ(bytes, j["bytes"].get<uint64_t>());
  EXPECT_LT(stacks["hottest_over_mean"].get<double>(), 1.05);
  EXPECT_NEAR(j["peak_GBps"].get<double>(), 6 * 1228.8, 0.1);
  const auto& decode = j["streams"][0];
  EXPECT_LT(decode["tokens_per_s_bound"].get<double>(), decode["roofline_tokens_per_s"].get<double>());
  EXPECT_NEAR(j["energy"]["power_per_stack_W"].get<double>(), j["energy"]["average_power_W"].get<double>() / 6, 1e-9);
  EXPECT_NE(r.output.find("on 6 x HBM3E_9600_8H"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("stacks        6, interleaved by 4096 B"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("W per stack"), std::string::npos) << r.output;
}

TEST(Cli, PrefillReportsPromptTokensPerSecond) {
  const std::string stats = test::temp_path("prefill.json");
  const Result r = aimc("run " + test::source_path("scenarios/llm/llama3_8b_prefill.yaml") + " --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& prefill = j["streams"][0];
  ASSERT_EQ(prefill["kind"], "llm_prefill");
  // batch x prompt tokens per pass, over the whole-model pass time.
  const double tokens = 4.0 * 2048;
  EXPECT_NEAR(prefill["tokens_per_s_bound"].get<double>(), tokens / (prefill["full_step_ms"].get<double>() * 1e-3),
              1e-6 * prefill["tokens_per_s_bound"].get<double>());
}

TEST(Cli, ComparePoliciesPrintsOneRowPerPolicyAndTheChange) {
  const Result r = aimc("compare-policies " + test::source_path("scenarios/adversarial/row_conflict_storm.yaml"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* row : {"| row_conflict_storm | fcfs |", "| row_conflict_storm | fr_fcfs |",
                          "| row_conflict_storm | ai_aware |", "ai_aware against fr_fcfs"}) {
    EXPECT_NE(r.output.find(row), std::string::npos) << row << "\n" << r.output;
  }
}

TEST(Cli, ComparePoliciesOverSeedsShowsMeanAndRange) {
  const Result r = aimc("compare-policies " + test::source_path("scenarios/adversarial/row_conflict_storm.yaml") +
                        " --seeds 3 --policies fr_fcfs ai_aware");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("mean over 3 seeds (min..max)"), std::string::npos) << r.output;
  // The row hit rates differ between seeds of this scenario: a real range, not one value.
  const size_t row = r.output.find("| row_conflict_storm | fr_fcfs |");
  ASSERT_NE(row, std::string::npos) << r.output;
  const std::string line = r.output.substr(row, r.output.find('\n', row) - row);
  EXPECT_NE(line.find(".."), std::string::npos) << line;
  EXPECT_EQ(r.output.find("| row_conflict_storm | fcfs |"), std::string::npos);
}

// --sample-until searches each sampled run's scale as aimc run does, then carries every policy of
// a scenario on to the largest scale any of them chose, so that they are compared on the same
// sample; the table shows the uncertainty and the scale. A run that does not sample shows "-".
TEST(Cli, ComparePoliciesWithSampleUntilComparesOnOneSample) {
  const std::string decode = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string plain = test::source_path("scenarios/baseline/sequential_read.yaml");
  const std::string json = test::temp_path("compare_until.json");
  const Result r = aimc("compare-policies " + decode + " " + plain +
                        " --policies fr_fcfs ai_aware --sample-until 4 --sample-until-max 4 --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| mJ/token | sampling | sample |"), std::string::npos) << r.output;
  const nlohmann::json all = nlohmann::json::parse(test::read_text(json));
  ASSERT_EQ(all.size(), 4u);
  std::vector<double> scales;
  std::map<std::string, bool> reached;  // by policy
  for (const auto& run : all) {
    if (run["scenario"] != "llama3_70b_decode") {
      EXPECT_FALSE(run.contains("sample_search"));
      continue;
    }
    const auto& search = run["sample_search"];
    scales.push_back(search["scale"].get<double>());
    reached[run["policy"].get<std::string>()] = search["reached"].get<bool>();
    // The sampling record is the answer's check against the scale below.
    EXPECT_NEAR(run["streams"][0]["sampling"]["uncertainty"].get<double>(), search["gap"].get<double>(), 1e-12);
    EXPECT_DOUBLE_EQ(run["streams"][0]["sampling"]["layer_fraction"].get<double>(), 0.002 * scales.back());
  }
  ASSERT_EQ(scales.size(), 2u);
  EXPECT_EQ(scales[0], scales[1]) << "both policies on one sample";
  for (const char* policy : {"fr_fcfs", "ai_aware"}) {
    const size_t at = r.output.find(std::string("| llama3_70b_decode | ") + policy + " |");
    ASSERT_NE(at, std::string::npos) << r.output;
    const std::string line = r.output.substr(at, r.output.find('\n', at) - at);
    // A search that stopped before three scales agreed is marked, with a note under the table.
    EXPECT_EQ(line.substr(line.rfind("| ", line.size() - 3)), fmt::format("| x{:g}{} |", scales[0], reached[policy] ? "" : "*"))
        << line;
  }
  const bool any_short = !reached["fr_fcfs"] || !reached["ai_aware"];
  EXPECT_EQ(r.output.find("* the sample search stopped before three scales agreed within 4 %") != std::string::npos, any_short)
      << r.output;
  EXPECT_FALSE(reached["fr_fcfs"]) << "x1, x2 and x4 are 5.0 and 3.4 % apart: 4 % is not reached by x4";
  const size_t seq = r.output.find("| sequential_read | fr_fcfs |");
  ASSERT_NE(seq, std::string::npos) << r.output;
  const std::string seq_line = r.output.substr(seq, r.output.find('\n', seq) - seq);
  EXPECT_EQ(seq_line.substr(seq_line.size() - 9), "| - | - |") << seq_line;
}

// --sampling-check makes each run's sampling check and shows its uncertainty as a last column:
// the figure `aimc run` reports for the same scenario and policy. A scenario that does not
// sample has none ("-"); without the flag there is no column.
TEST(Cli, ComparePoliciesShowsTheSamplingUncertaintyOnRequest) {
  const std::string decode = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string plain = test::source_path("scenarios/baseline/sequential_read.yaml");
  const Result r = aimc("compare-policies " + decode + " " + plain + " --policies fr_fcfs --sampling-check");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| mJ/token | sampling |"), std::string::npos) << r.output;
  const std::string stats = test::temp_path("sampled_70b.json");
  const Result run = aimc("run " + decode + " --policy fr_fcfs -q --stats " + stats);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(stats);
  const double u = nlohmann::json::parse(in)["streams"][0]["sampling"]["uncertainty"].get<double>();
  const size_t at = r.output.find("| llama3_70b_decode | fr_fcfs |");
  ASSERT_NE(at, std::string::npos) << r.output;
  const std::string line = r.output.substr(at, r.output.find('\n', at) - at);
  EXPECT_EQ(line.substr(line.rfind("| ", line.size() - 3)), fmt::format("| {:.1f}% |", 100 * u)) << line;
  const size_t seq = r.output.find("| sequential_read | fr_fcfs |");
  ASSERT_NE(seq, std::string::npos) << r.output;
  const std::string seq_line = r.output.substr(seq, r.output.find('\n', seq) - seq);
  EXPECT_EQ(seq_line.substr(seq_line.size() - 5), "| - |") << seq_line;
  const Result without = aimc("compare-policies " + plain + " --policies fr_fcfs");
  EXPECT_EQ(without.output.find("sampling"), std::string::npos) << without.output;
}

// The table row of `label` (everything after the label), or "" if there is none.
std::string row_after(const std::string& output, const std::string& label) {
  const size_t at = output.find(label);
  if (at == std::string::npos) return "";
  const size_t from = at + label.size();
  return output.substr(from, output.find('\n', from) - from);
}

TEST(Cli, ComparePoliciesSweepsAFieldWithTheSetsApplied) {
  const Result r = aimc("compare-policies " + test::source_path("scenarios/adversarial/row_conflict_storm.yaml") +
                        " --policies fr_fcfs --sweep controller.row_hit_cap=1,64 --set controller.queue_depth=32");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Overrides: --set controller.queue_depth=32"), std::string::npos) << r.output;
  const std::string capped = row_after(r.output, "| row_conflict_storm [row_hit_cap=1] | fr_fcfs |");
  const std::string open = row_after(r.output, "| row_conflict_storm [row_hit_cap=64] | fr_fcfs |");
  ASSERT_FALSE(capped.empty()) << r.output;
  ASSERT_FALSE(open.empty()) << r.output;
  EXPECT_NE(capped, open) << "the swept value changed nothing";
}

TEST(Cli, ComparePoliciesPrintsTheSameTableWithSeveralJobs) {
  const std::string runs = "compare-policies " + test::source_path("scenarios/adversarial/row_conflict_storm.yaml") +
                           " " + test::source_path("scenarios/baseline/sequential_read.yaml") + " --seeds 2";
  const Result one = aimc(runs);
  const Result three = aimc(runs + " --jobs 3");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  ASSERT_EQ(three.exit_code, 0) << three.output;
  EXPECT_EQ(three.output, one.output);
}

TEST(Cli, RunRecordsItsOverridesAndABadOneIsExitTwo) {
  const std::string stats = test::temp_path("set_stats.json");
  const std::string scenario = test::source_path("scenarios/adversarial/row_conflict_storm.yaml");
  const Result r = aimc("run --set controller.queue_depth=32 " + scenario + " -q --stats " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(stats);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["overrides"], nlohmann::json::array({"controller.queue_depth=32"}));
  const Result bad = aimc("run --set controller.queu_depth=32 " + scenario + " -q");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("--set controller.queu_depth=32: field 'controller.queu_depth': unknown field"),
            std::string::npos)
      << bad.output;
  const Result no_file = aimc("run --set controller.queue_depth=32 --memspec " +
                              test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " +
                              test::source_path("scenarios/traces/random_70r30w_10k.trace"));
  EXPECT_EQ(no_file.exit_code, 2) << no_file.output;
  EXPECT_NE(no_file.output.find("--set changes a scenario file"), std::string::npos) << no_file.output;
  // memspec.* overrides follow --memspec into the file it names.
  const Result memspec = aimc("run " + scenario + " -q --set memspec.timing.nRFCab=0 --memspec " +
                              test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"));
  EXPECT_EQ(memspec.exit_code, 2);
  EXPECT_NE(memspec.output.find("--set memspec.timing.nRFCab=0: field 'timing.nRFCab'"), std::string::npos)
      << memspec.output;
  // An error between two fields names the file line; the --set that caused it is listed.
  const Result between = aimc("run " + test::source_path("scenarios/tenants/mixed_tenants.yaml") +
                               " -q --set controller.queue_depth=8");
  EXPECT_EQ(between.exit_code, 2);
  EXPECT_NE(between.output.find("(this run had --set controller.queue_depth=8)"), std::string::npos) << between.output;
  // --queue-depth is written into the file too: its reserve is checked against the new depth.
  const Result depth = aimc("run " + test::source_path("scenarios/tenants/mixed_tenants.yaml") + " -q --queue-depth 8");
  EXPECT_EQ(depth.exit_code, 2);
  EXPECT_NE(depth.output.find("field 'controller.ai_aware.reserved_slots': value 16 out of range [0, 7]"),
            std::string::npos) << depth.output;
  EXPECT_NE(depth.output.find("(this run had --queue-depth 8)"), std::string::npos) << depth.output;
  const Result bad_option = aimc("compare-policies " + scenario + " --seeds 0");
  EXPECT_EQ(bad_option.exit_code, 2) << bad_option.output;
  EXPECT_NE(bad_option.output.find("--seeds"), std::string::npos) << bad_option.output;
}

// A mistyped command (or a scenario given without `run`) is named, with the commands there are.
TEST(Cli, UnknownCommandIsNamedWithTheCommandsThereAre) {
  const Result r = aimc("frobnicate");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("error: unknown command 'frobnicate' (commands: run, check, gen-trace, compare-policies"),
            std::string::npos)
      << r.output;
  const Result none = aimc("");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("A subcommand is required"), std::string::npos) << none.output;
}

// tools/long_decode.sh replays the three decode scenarios with more token steps; each run
// must really have that many steps (the substitution in the shipped files took).
TEST(Cli, LongDecodeToolRunsEveryDecodeScenarioForTheStepsAsked) {
  const std::string stats = test::temp_path("long_decode.json");
  const Result r = shell("AIMC=" + std::string(AIMC_BINARY) + " bash " + test::source_path("tools/long_decode.sh") +
                         " --steps 10 --duration-ns 100000 --policies fr_fcfs --json " + stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(stats);
  const nlohmann::json runs = nlohmann::json::parse(in);
  ASSERT_EQ(runs.size(), 3u) << r.output;
  const std::vector<std::string> scenarios = {"llama3_8b_decode", "llama3_70b_decode", "mixed_tenants"};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& run = runs[i];
    EXPECT_EQ(run["scenario"], scenarios[i]);
    const auto& decode = run["streams"][0];
    EXPECT_EQ(decode["kind"], "llm_decode") << run["scenario"];
    EXPECT_EQ(decode["steps"]["count"].get<int>(), 10) << run["scenario"];
    // The tenants run for the duration asked, not the shipped 60 us.
    EXPECT_GE(run["simulated_ns"].get<double>(), 100000.0) << run["scenario"];
  }

  const Result bad = shell("AIMC=" + std::string(AIMC_BINARY) + " bash " + test::source_path("tools/long_decode.sh") + " --steps ten");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--steps wants a positive whole number, got 'ten'"), std::string::npos) << bad.output;
}

TEST(Cli, WaveWritesTheDumpAndALayoutBesideIt) {
  const std::string wave = test::temp_path("run.vcd");
  const Result r = aimc("run " + test::source_path("scenarios/llm/llama3_8b_decode.yaml") +
                        " --max-requests 300 --no-progress --wave " + wave + " --wave-from 10 --wave-until 60 --wave-channel 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("gtkwave " + test::temp_path("run.vcd.gtkw")), std::string::npos) << r.output;
  EXPECT_EQ(first_line(wave), "$version aimc $end");
  std::ifstream layout(test::temp_path("run.vcd.gtkw"));
  const std::string text((std::istreambuf_iterator<char>(layout)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("[dumpfile] \"" + wave + "\""), std::string::npos);
  EXPECT_NE(text.find("aimc.ch02.row_cmd"), std::string::npos);
  // The window opens on the cycle holding 10 ns (tCK 4000 / 9.6 ps: cycle 24 starts at 10000 ps).
  std::ifstream in(wave);
  std::string line;
  while (std::getline(in, line) && line[0] != '#') {
  }
  EXPECT_EQ(line, "#10000");

  const Result bad = aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " --wave " + test::temp_path("run.txt"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("must end in .fst or .vcd"), std::string::npos) << bad.output;
  const Result backwards =
      aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " --wave " + wave + " --wave-from 50 --wave-until 20");
  EXPECT_EQ(backwards.exit_code, 2) << backwards.output;
  EXPECT_NE(backwards.output.find("--wave-until"), std::string::npos) << backwards.output;
}

// Everything but the wall-clock line.
// The summary up to the lines that differ by design: how the TLM target was driven, wall time.
std::string without_wall(const std::string& summary) {
  const size_t tlm = summary.find("\ntlm ");
  return summary.substr(0, tlm != std::string::npos ? tlm : summary.find("\nwall "));
}

TEST(Cli, TlmBackendAndRtlBehindTheTlmSocketReportWhatTheCoreReports) {
  const std::string args = "run " + test::source_path("scenarios/llm/llama3_8b_decode.yaml") +
                           " --max-requests 2000 --no-progress --check --backend ";
  const Result core = aimc(args + "model");
  const Result tlm = aimc(args + "tlm");
  ASSERT_EQ(tlm.exit_code, 0) << tlm.output;
  EXPECT_EQ(tlm.output.find("SystemC"), std::string::npos) << "the SystemC banner leaks into the report";
  EXPECT_NE(tlm.output.find("decode        no complete step"), std::string::npos) << tlm.output;  // 2,000 of its first step
  EXPECT_EQ(without_wall(tlm.output), without_wall(core.output));
  EXPECT_NE(tlm.output.find("0 mismatches"), std::string::npos) << tlm.output;
  if (!kHaveRtl) return;  // refused: Cli.WithoutTheRtlItsCommandsAreRefused
  // The RTL behind the TLM socket (the TLM-to-pin adapter) reports the same too.
  const Result rtl = aimc(args + "rtl --tlm-socket");
  ASSERT_EQ(rtl.exit_code, 0) << rtl.output;
  EXPECT_EQ(without_wall(rtl.output), without_wall(core.output));
}

// A closed-loop decode (outstanding limit, step barrier): the issue times depend on the
// responses, so each backend's answers steer its own traffic; all must still agree.
// A small closed-loop decode (3 steps, 24 requests in flight) beside an open-loop random
// reader, under ai_aware: a scenario file in the test's scratch directory.
std::string closed_loop_scenario() {
  return test::write_temp(
      "closed_loop.yaml",
      "name: closed_loop\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
          "\ncontroller: {policy: ai_aware}\ntraffic:\n  streams:\n"
          "    - name: decode\n      kind: llm_decode\n"
          "      model: {layers: 32, hidden: 4096, kv_heads: 1, head_dim: 128, weight_gib: 15}\n"
          "      batch: 2\n      context: 64\n      steps: 3\n      layer_fraction: 0.00002\n"
          "      rate_gbps: 1000\n      max_outstanding: 24\n      step_barrier: true\n"
          "    - name: background\n      kind: random\n      read_percent: 70\n      rate_gbps: 100\n"
          "      duration_ns: 500\n");
}

TEST(Cli, ClosedLoopDecodeIsTheSameOnEveryBackend) {
  const std::string scenario = closed_loop_scenario();
  const std::string args = "run " + scenario + " --no-progress --check --backend ";
  const Result core = aimc(args + "model");
  ASSERT_EQ(core.exit_code, 0) << core.output;
  EXPECT_NE(core.output.find("decode        3 steps"), std::string::npos) << core.output;
  std::vector<std::string> backends = {"tlm", "tlm --tlm-mode exact"};
  if (kHaveRtl) backends.insert(backends.end(), {"rtl", "rtl --tlm-socket"});
  for (const std::string& backend : backends) {
    const Result r = aimc(args + backend);
    ASSERT_EQ(r.exit_code, 0) << backend << "\n" << r.output;
    EXPECT_EQ(without_wall(r.output), without_wall(core.output)) << backend;
  }
}

// --arrivals-trace writes each request as it reached the controller, closed loop included; the
// trace replayed open loop on the same controller gives the run's figures again, whichever
// drive recorded it (the core, or the TLM target in at mode).
TEST(Cli, ARunsArrivalsReplayToTheSameFigures) {
  const std::string scenario = closed_loop_scenario();
  auto figures = [](const std::string& json) {
    std::ifstream in(json);
    const nlohmann::json j = nlohmann::json::parse(in);
    return nlohmann::json{{"requests", j["requests"]},      {"commands", j["commands"]},
                          {"read_latency", j["read_latency"]}, {"write_latency", j["write_latency"]},
                          {"simulated_ns", j["simulated_ns"]}, {"bandwidth_GBps", j["bandwidth_GBps"]}};
  };
  for (const std::string backend : {"model", "tlm"}) {
    SCOPED_TRACE(backend);
    const std::string arrivals = test::temp_path(backend + ".trace"), recorded = test::temp_path(backend + ".json");
    const std::string replayed = test::temp_path(backend + "_replay.json");
    const Result run = aimc("run " + scenario + " --no-progress --backend " + backend + " --arrivals-trace " + arrivals +
                            " --stats " + recorded);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(first_line(arrivals).rfind("# aimc native trace", 0), 0u) << first_line(arrivals);
    const Result replay = aimc("run " + scenario + " --no-progress --trace " + arrivals + " --stats " + replayed);
    ASSERT_EQ(replay.exit_code, 0) << replay.output;
    EXPECT_EQ(figures(replayed), figures(recorded));
  }
  // It is an output: it may not overwrite an input of the run.
  const Result onto_input = aimc("run " + scenario + " --arrivals-trace " + scenario);
  EXPECT_EQ(onto_input.exit_code, 2) << onto_input.output;
  EXPECT_NE(onto_input.output.find("--arrivals-trace"), std::string::npos) << onto_input.output;
}

// lt on the arrivals of the exact target's closed-loop run, replayed open loop: its bandwidth
// and mean latency against the exact target's replay of the same arrivals.
std::pair<double, double> lt_replay_errors(const std::string& name) {
  const std::string scenario = test::source_path("scenarios/llm/" + name + ".yaml");
  const std::string arrivals = test::temp_path("arrivals_" + name + ".trace");
  const std::string at = test::temp_path("arrivals_" + name + "_at.json");
  const std::string lt = test::temp_path("arrivals_" + name + "_lt.json");
  const std::string run = "run " + scenario + " --no-progress --no-sampling-check --backend tlm --tlm-mode ";
  const Result exact = aimc(run + "at --arrivals-trace " + arrivals + " --stats " + at);
  EXPECT_EQ(exact.exit_code, 0) << exact.output;
  const Result replay = aimc(run + "lt --trace " + arrivals + " --stats " + lt);
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  auto figures = [](const std::string& json) {
    std::ifstream in(json);
    const nlohmann::json j = nlohmann::json::parse(in);
    double sum = 0, count = 0;
    for (const char* kind : {"read_latency", "write_latency"}) {
      sum += j[kind]["mean_ns"].get<double>() * j[kind]["count"].get<double>();
      count += j[kind]["count"].get<double>();
    }
    return std::pair{j["bandwidth_GBps"].get<double>(), sum / count};
  };
  const auto [at_gbps, at_ns] = figures(at);
  const auto [lt_gbps, lt_ns] = figures(lt);
  return {lt_gbps / at_gbps - 1, lt_ns / at_ns - 1};
}

// Such a replay offers as much as the core can serve, so a model slower than the core falls
// behind for good: with the front end's in-order ports modelled, lt's mean latency came out
// 39 % long on the 70B decode (97 % on the 8B decode). Measured: bandwidth +0.0 %, mean
// latency +7.6 %.
TEST(Cli, LtOnTheArrivalsOfAClosedLoopStaysNearTheExactTarget) {
  const auto [bandwidth, latency] = lt_replay_errors("llama3_70b_decode");
  EXPECT_NEAR(bandwidth, 0, 0.01);
  EXPECT_NEAR(latency, 0, 0.10);
}

// The 8B decode's replay meets lt's latency target (5 %), which depends on where lt books a
// tenant's write that holds a bank the decode needs (docs/timing-model.md, "Where the error
// comes from"): +4.0 % as shipped, +7.0 % with the write in its first gap, +10.5 % with it
// held back to the decode's access.
TEST(Cli, LtOnThe8BDecodesArrivalsMeetsTheLatencyTarget) {
  const auto [bandwidth, latency] = lt_replay_errors("llama3_8b_decode");
  EXPECT_NEAR(bandwidth, 0, 0.01);
  EXPECT_NEAR(latency, 0, 0.05);
}

// The TLM drive is named in the summary and the stats JSON; lt reports its quantum, late
// admissions and early answers; the TLM options without the TLM target are bad input.
TEST(Cli, TlmModeAndQuantumAreReported) {
  const std::string json = test::temp_path("lt.json");
  const std::string args = "run " + test::source_path("scenarios/baseline/random_70r30w.yaml") +
                           " --max-requests 3000 --no-progress --backend tlm";
  const Result lt = aimc(args + " --tlm-mode lt --quantum-ns 100 --stats " + json);
  ASSERT_EQ(lt.exit_code, 0) << lt.output;
  EXPECT_NE(lt.output.find("tlm           lt mode, quantum 100 ns, "), std::string::npos) << lt.output;
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["tlm"]["mode"], "lt");
  EXPECT_EQ(j["tlm"]["quantum_ns"], 100.0);
  EXPECT_TRUE(j["tlm"]["late_admissions"].is_number());
  // 30 % of random_70r30w is writes, each answered as if it drained at once and booked when its
  // write queue drains: most are booked later than answered, and the run says so.
  EXPECT_GT(j["tlm"]["early_answers"].get<uint64_t>(), 0u);
  EXPECT_GT(j["tlm"]["early_answer_ns"].get<double>(), 0.0);
  EXPECT_NE(lt.output.find(" answers early by "), std::string::npos) << lt.output;
  // lt issues no column commands and has no front-end ports: no column-bus or port-wait figures,
  // rather than zeros.
  EXPECT_TRUE(j["column_bus"].is_null());
  EXPECT_TRUE(j["frontend_stall_ns"].is_null());
  EXPECT_EQ(lt.output.find("column bus"), std::string::npos) << lt.output;
  const Result misplaced = aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " --tlm-mode lt");
  EXPECT_EQ(misplaced.exit_code, 2);
  EXPECT_NE(misplaced.output.find("--tlm-mode"), std::string::npos) << misplaced.output;
  // Closed-loop streams play in lt; what needs a command stream is refused.
  const Result closed_loop_lt = aimc("run " + test::source_path("scenarios/llm/llama3_8b_decode.yaml") +
                                     " --backend tlm --tlm-mode lt --max-requests 20000 -q");
  EXPECT_EQ(closed_loop_lt.exit_code, 0) << closed_loop_lt.output;
  for (const std::string& option : std::vector<std::string>{"--check", "--cmd-trace " + test::temp_path("lt.csv")}) {
    const Result needs_commands = aimc(args + " --tlm-mode lt -q " + option);
    EXPECT_EQ(needs_commands.exit_code, 2) << option;
    EXPECT_NE(needs_commands.output.find("use --tlm-mode at"), std::string::npos) << needs_commands.output;
  }
  const Result quantum_without_lt = aimc(args + " --quantum-ns 10");
  EXPECT_EQ(quantum_without_lt.exit_code, 2);
  EXPECT_NE(quantum_without_lt.output.find("--quantum-ns"), std::string::npos) << quantum_without_lt.output;
}

#ifdef AIMC_HAVE_RTL
// --wave-rtl: the Verilated design's own signals in the dump, on the testbench's time axis.
TEST(Cli, RtlWaveHoldsTheDesignsOwnSignalsBesideTheTestbenchs) {
  const std::string decode = test::source_path("scenarios/llm/llama3_8b_decode.yaml");
  const std::string fst = test::temp_path("rtl_internals.fst");
  Result r = aimc("run " + decode + " --backend rtl --max-requests 1200 -q --wave " + fst + " --wave-rtl 3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const test::FstChanges c = test::read_fst(fst);
  for (const char* name : {"aimc.ch00.col_cmd", "rtl.ch00.sched.col_key", "rtl.ch00.sched.row_cmd",
                           "rtl.ch00.pc0.refresh_block", "rtl.ch00.pc1.slot_valid", "rtl.ch00.pc0.refresh_owed",
                           "rtl.ch00.pc0.sid0_bg3_ba3.rd_key", "rtl.ch00.pc1.sid1_bg0_ba0.act_cmd",
                           "rtl.ch00.timing.pc0.sid0_bg0_ba0.act_in"}) {
    EXPECT_TRUE(c.count(name)) << name;
  }
  EXPECT_EQ(c.count("rtl.ch01.sched.col_key"), 0u) << "only the --wave-channel channel is dumped";
  // Whenever the testbench sees a column command on channel 0, the RTL's own pick is that command
  // at the same time: one time axis, and the internals are the design's.
  int columns = 0;
  for (const auto& [t, valid] : c.at("aimc.ch00.col_valid")) {
    if (valid != "1") continue;
    ++columns;
    EXPECT_EQ(test::value_at(c, "rtl.ch00.sched.col_found", t), "1") << t;
    EXPECT_EQ(test::value_at(c, "rtl.ch00.sched.col_cmd", t), test::value_at(c, "aimc.ch00.col_cmd", t)) << t;
  }
  EXPECT_GT(columns, 50);
  // The layout written beside the dump shows the design's signals after the command buses.
  const std::string layout = test::read_text(fst + ".gtkw");
  EXPECT_NE(layout.find("rtl.ch00.sched.col_key[39:0]"), std::string::npos);
  EXPECT_LT(layout.find("ch00.col_request"), layout.find("rtl.ch00.sched.col_key"));

  // A smaller depth keeps the dump small: no banks at depth 1. Per-bank refresh, soon due.
  const std::string shallow = test::temp_path("rtl_internals_1.fst");
  r = aimc("run " + test::source_path("scenarios/adversarial/refresh_stress.yaml") +
           " --backend rtl --max-requests 2000 -q --wave " + shallow + " --wave-rtl 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const test::FstChanges s = test::read_fst(shallow);
  EXPECT_TRUE(s.count("rtl.ch00.pc0.refresh_block"));
  // Each refresh command the testbench shows is the RTL's refresh pick.
  int refreshes = 0;
  for (const auto& [t, cmd] : s.at("aimc.ch00.row_cmd")) {
    if (cmd.rfind("REF", 0) != 0 && cmd != "PREA") continue;
    ++refreshes;
    EXPECT_EQ(test::value_at(s, "rtl.ch00.sched.row_is_refresh", t), "1") << t << " " << cmd;
  }
  EXPECT_GT(refreshes, 0);
  for (const auto& [name, changes] : s) {
    if (name.rfind("rtl.", 0) == 0) {
      EXPECT_EQ(name.find(".bg"), std::string::npos) << name;
    }
  }

  // Only the RTL has internals to dump.
  r = aimc("run " + decode + " --max-requests 800 -q --wave " + shallow + " --wave-rtl 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--wave-rtl"), std::string::npos) << r.output;
}

TEST(Cli, CompareAgainstTheTlmModel) {
  const Result r = aimc("compare " + test::source_path("scenarios/llm/llama3_8b_decode.yaml") +
                        " --reference tlm --max-requests 1000 --policies fr_fcfs ai_aware");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("TLM model (at mode) vs Verilated RTL"), std::string::npos) << r.output;
  size_t identical = 0;
  for (size_t at = r.output.find("result:    IDENTICAL"); at != std::string::npos;
       at = r.output.find("result:    IDENTICAL", at + 1)) {
    ++identical;
  }
  EXPECT_EQ(identical, 2u) << r.output;
}
#else
// Configured with -DAIMC_BUILD_RTL=OFF: every command that needs the RTL says so, as bad input,
// before it writes anything.
TEST(Cli, WithoutTheRtlItsCommandsAreRefused) {
  const std::string scenario = test::source_path("scenarios/baseline/random_trace_10k.yaml");
  const std::string stats = test::temp_path("refused.json");
  std::remove(stats.c_str());
  for (const std::string& args : {"run " + scenario + " --backend rtl --stats " + stats,
                                  "run " + scenario + " --backend rtl --tlm-socket --stats " + stats,
                                  "compare " + scenario, "compare " + scenario + " --reference tlm"}) {
    const Result r = aimc(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("error: the rtl backend is not built in this binary (configured with -DAIMC_BUILD_RTL=OFF)"),
              std::string::npos)
        << args << "\n" << r.output;
    EXPECT_FALSE(std::ifstream(stats).good()) << args;
  }
}
#endif

// A trace may go quiet for longer than the stuck-controller watchdog (64 tREFI = 250 us): waiting
// with nothing queued is not being stuck, with refresh paid in the gap or not.
TEST(Cli, ATraceWithALongGapRuns) {
  const std::string trace = test::write_temp("gap.trace", "0 R 0x0 64\n300000000 R 0x40 64\n");
  for (const char* refresh : {"all_bank", "off"}) {
    const std::string stats = test::temp_path("gap.json");
    const Result r = aimc("run -q --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " +
                          trace + " --refresh " + refresh + " --stats " + stats);
    ASSERT_EQ(r.exit_code, 0) << refresh << "\n" << r.output;
    std::ifstream in(stats);
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j["requests"]["read"], 2) << refresh;
    // Refreshes owed over the gap were paid while it was idle: the late read waits for none.
    EXPECT_LT(j["read_latency"]["max_ns"].get<double>(), 100.0) << refresh;
  }
}

// A trace can come through a pipe (no size, no seeking): every request is read, not none.
TEST(Cli, ATraceFromAPipeIsReadWhole) {
  const Result r = shell("head -n 101 " + test::source_path("scenarios/traces/random_70r30w_10k.trace") + " | " +
                         AIMC_BINARY + " run --no-progress --memspec " +
                         test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace /dev/stdin");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("requests      69 read, 31 write"), std::string::npos) << r.output;
}

TEST(Cli, CheckReportsAViolationWithExitCodeOne) {
  const std::string csv = test::write_temp("bad_cmds.csv",
                                           "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column\n"
                                           "0,0,0,ACT,0,0,5,-1\n"
                                           "417,0,0,RD,0,0,5,3\n");
  const Result r = aimc("check " + csv + " --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                        " --refresh off");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("tRCDRD"), std::string::npos) << r.output;
  // The violation names the CSV line and the command's address.
  EXPECT_NE(r.output.find(csv + ":3 (RD ch 0 pc 0 bg 0 bank 0 row 5 col 3)"), std::string::npos) << r.output;
}

// The rules are checked in time order: a command trace that goes back in time is bad input (it
// printed a gap of 2^64 - 10 cycles), and a time past 64 bits is not clamped.
TEST(Cli, CheckRefusesACommandTraceGoingBackInTime) {
  const std::string header = "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column\n";
  const std::string memspec = " --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --refresh off";
  const Result back = aimc("check " + test::write_temp("back.csv", header + "41667,0,0,ACT,0,0,5,-1\n0,0,0,ACT,0,1,5,-1\n") + memspec);
  EXPECT_EQ(back.exit_code, 2) << back.output;
  EXPECT_NE(back.output.find(":3: field 'time_ps': time goes backwards"), std::string::npos) << back.output;
  const Result huge = aimc("check " + test::write_temp("huge.csv", header + "18446744073709551615,0,0,ACT,0,0,5,-1\n") + memspec);
  EXPECT_EQ(huge.exit_code, 2) << huge.output;
  EXPECT_NE(huge.output.find("field 'time_ps': '18446744073709551615' is out of range"), std::string::npos) << huge.output;
}

// A field the command does not carry holds -1 (as aimc writes it); anything else is bad input,
// not silently ignored.
TEST(Cli, CheckRefusesAFieldTheCommandDoesNotCarry) {
  const std::string header = "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column\n";
  const std::string memspec = " --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --refresh off";
  const Result act = aimc("check " + test::write_temp("act_col.csv", header + "0,0,0,ACT,0,0,5,7\n") + memspec);
  EXPECT_EQ(act.exit_code, 2) << act.output;
  EXPECT_NE(act.output.find("act_col.csv:2: field 'column': ACT carries no column: expected -1, got '7'"),
            std::string::npos)
      << act.output;
  const Result refab = aimc("check " + test::write_temp("refab_bank.csv", header + "0,0,0,REFab,0,-1,-1,-1\n") + memspec);
  EXPECT_EQ(refab.exit_code, 2) << refab.output;
  EXPECT_NE(refab.output.find("field 'bank_group': REFab carries no bank_group"), std::string::npos) << refab.output;
  const Result legal = aimc("check " + test::write_temp("legal.csv", header + "0,0,0,ACT,0,0,5,-1\n833,0,1,REFab,-1,-1,-1,-1\n") + memspec);
  EXPECT_EQ(legal.exit_code, 0) << legal.output;
}

TEST(Cli, MalformedTraceIsExitTwoWithFileAndLine) {
  const std::string trace = test::write_temp("bad.trace", "0 R 0x40\n10 R 0x80\n20 Q 0x40\n");
  const Result r = aimc("run --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " + trace);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bad.trace:3: field 'operation'"), std::string::npos) << r.output;
}

TEST(Cli, DramsimAndRamulatorTracesRun) {
  const std::string d3 = test::write_temp("d3.trace", "0x1000 READ 0\n0x2000 WRITE 10\n0x1040 READ 12\n");
  const std::string ld = test::write_temp("ld.trace", "LD 0x1000\nST 0x2000\nLD 0x1040\n");
  const std::string memspec = test::source_path("scenarios/memspec/hbm3_6400_8h.yaml");
  const Result a = aimc("run --memspec " + memspec + " --trace " + d3 + " --trace-format dramsim3 --check");
  EXPECT_EQ(a.exit_code, 0) << a.output;
  EXPECT_NE(a.output.find("2 read, 1 write"), std::string::npos) << a.output;
  const Result b = aimc("run --memspec " + memspec + " --trace " + ld + " --trace-format ramulator --check");
  EXPECT_EQ(b.exit_code, 0) << b.output;
  EXPECT_NE(b.output.find("2 read, 1 write"), std::string::npos) << b.output;
  // Without --trace-format they are read as native traces: the error names the format to use.
  const Result d3_as_native = aimc("run --memspec " + memspec + " --trace " + d3 + " -q");
  EXPECT_EQ(d3_as_native.exit_code, 2);
  EXPECT_NE(d3_as_native.output.find("looks like a DRAMsim3 trace"), std::string::npos) << d3_as_native.output;
  EXPECT_NE(d3_as_native.output.find("--trace-format dramsim3"), std::string::npos) << d3_as_native.output;
  const Result ld_as_native = aimc("run --memspec " + memspec + " --trace " + ld + " -q");
  EXPECT_EQ(ld_as_native.exit_code, 2);
  EXPECT_NE(ld_as_native.output.find("--trace-format ramulator"), std::string::npos) << ld_as_native.output;
}

// A run cut short by --max-requests says so, and counts only complete steps: the first 3,000
// requests of the 8B decode lie inside its first step (this printed "1 steps ... 1962 tokens/s"
// where the full run gives a few hundred).
TEST(Cli, ATruncatedRunSaysSoAndCountsOnlyCompleteSteps) {
  const std::string json = test::temp_path("truncated.json");
  const std::string decode = test::source_path("scenarios/llm/llama3_8b_decode.yaml");
  const Result cut = aimc("run " + decode + " --max-requests 3000 --no-progress --stats " + json);
  ASSERT_EQ(cut.exit_code, 0) << cut.output;
  EXPECT_NE(cut.output.find("truncated     after 3000 requests"), std::string::npos) << cut.output;
  EXPECT_NE(cut.output.find("decode        no complete step"), std::string::npos) << cut.output;
  EXPECT_EQ(cut.output.find("tokens/s"), std::string::npos) << cut.output;
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["truncated_after_requests"], 3000);
  const Result whole = aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " --max-requests 20000 -q --stats " + json);
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  std::ifstream in2(json);
  EXPECT_TRUE(nlohmann::json::parse(in2)["truncated_after_requests"].is_null()) << "10,000 requests: nothing was cut";
}

TEST(Cli, MissingInputsAreExplained) {
  const Result r = aimc("run");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("give a SCENARIO file"), std::string::npos) << r.output;
}

// A summary that could not be written is not a success (a full disk used to exit 0).
TEST(Cli, AnUnwritableStandardOutputIsAnError) {
  const Result r = shell("(" + std::string(AIMC_BINARY) + " run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " > /dev/full)");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("error: cannot write to standard output"), std::string::npos) << r.output;
}

// Output options are checked before the run starts: a bad one costs no simulation and leaves
// no half-written file behind.
TEST(Cli, BadOutputOptionsFailBeforeTheRun) {
  const std::string scenario = test::source_path("scenarios/baseline/random_trace_10k.yaml");
  const std::string wave = test::temp_path("never.fst");
  std::remove(wave.c_str());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--wave " + wave + " --wave-channel 99", "field '--wave-channel': the stack has 16 channels"},
      {"--wave " + wave + " --wave-from 500 --wave-until 100", "field '--wave-until': the window ends before it starts"},
      {"--wave " + wave + " --wave-from nan", "field '--wave-from': must be a time up to"},
      {"--wave-from 5", "--wave-from requires --wave"},
      {"--stats ''", "--stats: empty path"},
      {"--max-requests 0", "--max-requests: Value 0 not in range"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = aimc("run -q " + scenario + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
    EXPECT_FALSE(std::ifstream(wave).good()) << args;
  }
}

// Hardening: outputs that would erase inputs, a lost output, numbers past a run, a command trace
// without commands, more streams than the front end has ports, an impossible read-to-write.
TEST(Cli, AnOutputThatIsAnInputIsRefused) {
  const std::string trace = test::write_temp("in.trace", "0 R 0x0 64\n100 W 0x40 64\n");
  const std::string memspec = test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml");
  const Result r = aimc("run --memspec " + memspec + " --trace " + trace + " --cmd-trace " + trace + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("'--cmd-trace'"), std::string::npos) << r.output;
  EXPECT_EQ(first_line(trace), "0 R 0x0 64") << "the input is untouched";
  const Result gen = aimc("gen-trace --requests 4 --memspec " + memspec + " --out " + memspec);
  EXPECT_EQ(gen.exit_code, 2);
}

// Numbers an option cannot take are bad input before anything runs: NaN and infinity too,
// which a plain range check lets through (a NaN sample scale used to hang the run).
TEST(Cli, NumbersAnOptionCannotTakeAreBadInput) {
  const std::string scenario = test::source_path("scenarios/baseline/random_trace_10k.yaml");
  const std::string decode = test::source_path("scenarios/llm/llama3_8b_decode.yaml");
  const std::string memspec = test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml");
  const std::string out = " --memspec " + memspec + " --out " + test::temp_path("never.trace");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run -q " + decode + " --sample-scale nan", "--sample-scale: not a finite number: nan"},
      {"compare-policies " + decode + " --sample-scale nan", "--sample-scale: not a finite number: nan"},
      {"run -q " + scenario + " --backend tlm --tlm-mode lt --quantum-ns nan", "--quantum-ns: not a finite number"},
      {"run -q " + scenario + " --sample-until nan", "--sample-until: not a finite number"},
      {"run -q " + scenario + " --sample-until 2 --sample-until-max inf", "--sample-until-max: not a finite number"},
      {"run -q " + scenario + " --stats " + test::temp_path("n.json") + " --timeseries-ns nan",
       "--timeseries-ns: not a finite number"},
      {"run -q " + scenario + " --wave " + test::temp_path("n.vcd") + " --wave-power-ns inf",
       "--wave-power-ns: not a finite number"},
      {"run -q " + scenario + " --sample-scale 0.5", "--sample-scale: value 0.5 not in range 1 to 10000"},
      {"gen-trace --requests -1" + out, "--requests: Value -1 not in range"},
      {"gen-trace --requests 0" + out, "--requests: Value 0 not in range"},
      {"gen-trace --requests 99999999999999999999" + out, "--requests: Value 99999999999999999999 not in range"},
      {"gen-trace --requests 10 --read-percent nan" + out, "--read-percent: not a finite number"},
      {"gen-trace --requests 10 --seed -1" + out, "--seed: Value -1 not in range"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = aimc(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
  }
  EXPECT_FALSE(std::ifstream(test::temp_path("never.trace")).good());
}

// Options that cannot apply, or that would lose an output, are bad input rather than ignored.
TEST(Cli, OptionsThatCannotApplyOrWouldLoseAnOutputAreRefused) {
  const std::string scenario = test::source_path("scenarios/baseline/random_trace_10k.yaml");
  const std::string decode = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string same = test::temp_path("same.out");
  const std::string a_file = test::write_temp("a_file", "");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run -q " + scenario + " --stats " + same + " --cmd-trace " + same,
       "field '--stats': '" + same + "' is also --cmd-trace's file"},
      {"run -q " + decode + " --trace-format dramsim3", "field '--trace-format': this run reads no trace"},
      {"run -q " + scenario + " --rtl-threads 4", "field '--rtl-threads': applies to --backend rtl only"},
      {"run -q " + scenario + " --rtl-no-idle-skip", "field '--rtl-no-idle-skip': applies to --backend rtl only"},
      {"compare-policies " + scenario + " --sweep controller.queue_depth=4,4",
       "field 'controller.queue_depth': value '4' is listed twice"},
      {"sweep " + test::source_path("sweeps/decode_policy_rate.yaml") + " -o " + a_file,
       "field '--out': '" + a_file + "' is a file, not the sweep's folder"},
  };
  for (const auto& [args, message] : cases) {
    const Result r = aimc(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
  }
}

// A time-series window far shorter than the run would fill memory: the run stops with an
// error naming the option once it passes a million windows.
TEST(Cli, ATimeSeriesOfTooManyWindowsIsBadInput) {
  const Result r = aimc("run -q --no-sampling-check " + test::source_path("scenarios/default.yaml") + " --stats " +
                        test::temp_path("ts.json") + " --timeseries-ns 0.1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("error: --timeseries-ns 0.1: the run reached 100000 ns, more than 1000000 windows"),
            std::string::npos)
      << r.output;
}

// The stats are written through a symbolic link (the file it names is replaced, not the link)
// and into a device or pipe, never over it.
TEST(Cli, StatsGoThroughALinkAndIntoADevice) {
  const std::string target = test::temp_path("linked.json"), link = test::temp_path("link.json");
  std::filesystem::remove(target);
  std::filesystem::remove(link);
  std::filesystem::create_symlink(target, link);
  const std::string scenario = test::source_path("scenarios/baseline/random_trace_10k.yaml");
  ASSERT_EQ(aimc("run -q " + scenario + " --max-requests 200 --stats " + link).exit_code, 0);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(nlohmann::json::parse(test::read_text(target))["requests"]["read"].get<int>() +
                nlohmann::json::parse(test::read_text(target))["requests"]["write"].get<int>(),
            200);
  const Result null = aimc("run -q " + scenario + " --max-requests 200 --stats /dev/null --cmd-trace /dev/null");
  EXPECT_EQ(null.exit_code, 0) << null.output;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
  const Result piped = shell(std::string(AIMC_BINARY) + " run -q " + scenario + " --max-requests 200 --stats /dev/stdout | cat");
  EXPECT_EQ(piped.exit_code, 0) << piped.output;
  EXPECT_NE(piped.output.find("\"bandwidth_GBps\""), std::string::npos) << piped.output;
}

TEST(Cli, GenTraceReportsALostOutputAndTimesPastARun) {
  const std::string memspec = test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml");
  const Result full = aimc("gen-trace --requests 100000 --memspec " + memspec + " --out /dev/full");
  EXPECT_EQ(full.exit_code, 3) << full.output;
  const Result wrap = aimc("gen-trace --requests 10 --interval-ps 18446744073709551615 --memspec " + memspec +
                           " --out " + test::temp_path("wrap.trace"));
  EXPECT_EQ(wrap.exit_code, 2);
  EXPECT_NE(wrap.output.find("--interval-ps"), std::string::npos) << wrap.output;
}

TEST(Cli, ACommandTraceWithoutCommandsIsBadInput) {
  const std::string csv = test::write_temp("header_only.csv", "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column\n");
  const Result r = aimc("check " + csv + " --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no commands"), std::string::npos) << r.output;
}

TEST(Cli, MoreStreamsThanPortsAreBadInputNamingTheLine) {
  const std::string trace = test::write_temp("many.trace", "0 R 0x0 64 BEST_EFFORT 1\n10 R 0x40 64 BEST_EFFORT 20000\n");
  const Result r = aimc("run --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " +
                        trace + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("many.trace:2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("stream_id"), std::string::npos) << r.output;
}

// An input error found while the TLM target runs (inside a SystemC process) is the same clean
// error as on the core, not SystemC's "uncaught exception".
TEST(Cli, AnInputErrorFoundMidRunUnderTheTlmTargetIsBadInput) {
  const std::string trace = test::write_temp("many_tlm.trace", "0 R 0x0 64 BEST_EFFORT 1\n10 R 0x40 64 BEST_EFFORT 20000\n");
  for (const char* mode : {"at", "exact", "lt"}) {
    const Result r = aimc("run --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " +
                          trace + " -q --backend tlm --tlm-mode " + mode);
    EXPECT_EQ(r.exit_code, 2) << mode << "\n" << r.output;
    EXPECT_NE(r.output.find("error: " + trace + ":2: field 'stream_id'"), std::string::npos) << mode << "\n" << r.output;
    EXPECT_EQ(r.output.find("E549"), std::string::npos) << mode << "\n" << r.output;
    EXPECT_EQ(r.output.find("Simulation stopped"), std::string::npos) << mode << "\n" << r.output;
  }
}

TEST(Cli, AScenarioWithMoreStreamsThanPortsIsBadInput) {
  std::string yaml = "name: many\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                     "\ntraffic:\n  streams:\n";
  for (int i = 0; i <= 65536 / 5; ++i) {
    yaml += "    - {name: s" + std::to_string(i) + ", kind: random, rate_gbps: 1, requests: 1}\n";
  }
  const Result r = aimc("run " + test::write_temp("many.yaml", yaml) + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("at most 13107 streams"), std::string::npos) << r.output.substr(0, 300);
}

TEST(Cli, AReadToWriteTurnaroundThatOverlapsTheDataIsRefused) {
  const Result r = aimc("run " + test::source_path("scenarios/baseline/random_trace_10k.yaml") + " -q --set memspec.timing.nRTW=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("nRTW"), std::string::npos) << r.output;
}

// Twice the same work takes twice the energy: sequential 64 B reads at a fixed spacing, 20,000
// and then 40,000 of them (refresh off, so that nothing but the work repeats). Columns and I/O
// double exactly, so do the rows opened; background follows the time.
TEST(Cli, EnergyScalesWithRepeatedWork) {
  const std::string memspec = test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml");
  auto energy_of_reads = [&](int requests) {
    const std::string trace = test::temp_path(fmt::format("seq_{}.trace", requests));
    const std::string json = test::temp_path(fmt::format("seq_{}.json", requests));
    const Result gen = aimc(fmt::format("gen-trace --pattern seq --requests {} --read-percent 100 --bytes 64 "
                                        "--interval-ps 500 --memspec {} --out {}", requests, memspec, trace));
    EXPECT_EQ(gen.exit_code, 0) << gen.output;
    const Result run = aimc("run --memspec " + memspec + " --trace " + trace + " --refresh off -q --stats " + json);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    std::ifstream in(json);
    return nlohmann::json::parse(in)["energy"];
  };
  const nlohmann::json one = energy_of_reads(20000), two = energy_of_reads(40000);
  for (const char* part : {"read_core", "io", "activation"}) {
    EXPECT_DOUBLE_EQ(two["components_pJ"][part].get<double>(), 2 * one["components_pJ"][part].get<double>()) << part;
  }
  EXPECT_NEAR(two["components_pJ"]["background"].get<double>(), 2 * one["components_pJ"]["background"].get<double>(),
              0.001 * two["components_pJ"]["background"].get<double>());
  double sum = 0;
  for (const auto& [name, pj] : two["components_pJ"].items()) sum += pj.get<double>();
  EXPECT_NEAR(sum, two["total_pJ"].get<double>(), 1e-9 * sum);
}

// Streaming reads on every preset cost what published HBM figures say (docs/energy.md): the
// HBM3E parts within 5 % of the 3.9 pJ/bit Samsung gives for HBM3E, and every part between that
// figure less 5 % and the 7 pJ/bit the literature quotes at the top for HBM-class memory.
TEST(Cli, SequentialReadsCostThePublishedEnergyPerBit) {
  const std::string scenario = test::source_path("scenarios/baseline/sequential_read.yaml");
  for (const std::string& memspec : test::memspec_presets()) {
    const std::string json = test::temp_path("published_pj_" + std::filesystem::path(memspec).stem().string() + ".json");
    const Result run = aimc("run " + scenario + " --set memspec=" + memspec + " -q --no-progress --stats " + json);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    std::ifstream in(json);
    const double pj_per_bit = nlohmann::json::parse(in)["energy"]["pJ_per_bit"].get<double>();
    if (memspec.find("hbm3e_") != std::string::npos) {
      EXPECT_NEAR(pj_per_bit, 3.9, 0.05 * 3.9) << memspec;
    }
    EXPECT_GE(pj_per_bit, 0.95 * 3.9) << memspec;
    EXPECT_LE(pj_per_bit, 7.0) << memspec;
  }
}

// A stats file says what made it: the tool's version, the backend, the request limit.
TEST(Cli, VersionAndTheRunThatMadeAStatsFile) {
  const Result version = aimc("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output.rfind("aimc ", 0), 0u) << version.output;
  const std::string json = test::temp_path("run.json");
  const Result r = aimc("run " + test::source_path("scenarios/default.yaml") +
                        " --backend tlm --max-requests 2000 -q --stats " + json);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(json);
  const nlohmann::json run = nlohmann::json::parse(in)["run"];
  EXPECT_EQ(run["aimc_version"].get<std::string>(), version.output.substr(5, version.output.find('\n') - 5));
  EXPECT_EQ(run["backend"], "tlm");
  EXPECT_EQ(run["tlm_mode"], "at");
  EXPECT_EQ(run["max_requests"], 2000);
}

// The values a 32-bit VCD variable takes, in order (its opening value first).
std::vector<double> vcd_values(const std::string& vcd, const std::string& name) {
  std::ifstream in(vcd);
  std::string line, id;
  std::vector<double> values;
  while (std::getline(in, line)) {
    if (line.find(" " + name + " $end") != std::string::npos) {
      const size_t at = line.find(" 32 ") + 4;
      id = line.substr(at, line.find(' ', at) - at);
    }
    if (!id.empty() && line.size() > 2 && line[0] == 'b' && line.substr(line.rfind(' ') + 1) == id) {
      values.push_back(double(std::stoull(line.substr(1, line.rfind(' ') - 1), nullptr, 2)));
    }
  }
  return values;
}

// The mean of a window trace's values, its opening value left out.
double window_mean(const std::vector<double>& values) {
  double sum = 0;
  for (size_t i = 1; i < values.size(); ++i) sum += values[i];
  return sum / double(values.size() - 1);
}

// The waveform's power_mw and bandwidth_GBps traces: each 100 ns window's average power and
// bytes over its time. Over the run they average to the stack's power and bandwidth the stats
// report (the last, partial window is not written).
TEST(Cli, WaveformPowerAndBandwidthTracesAverageToTheRunsFigures) {
  const std::string wave = test::temp_path("power.vcd"), json = test::temp_path("power.json");
  // A quarter of the shipped sample (its tenant shortened alike): the dump of the whole run
  // stays near 270 MB instead of 1.1 GB.
  const Result r = aimc("run " + test::source_path("scenarios/default.yaml") +
                        " --set traffic.streams.decode.layer_fraction=0.004 --set traffic.streams.tenant.duration_ns=90000"
                        " -q --wave " + wave + " --stats " + json);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json stats = nlohmann::json::parse(test::read_text(json));
  const std::vector<double> power = vcd_values(wave, "power_mw"), bandwidth = vcd_values(wave, "bandwidth_GBps");
  ASSERT_GT(power.size(), 100u) << "no power_mw trace in the dump";
  ASSERT_GT(bandwidth.size(), 100u) << "no bandwidth_GBps trace in the dump";
  const double run_w = stats["energy"]["average_power_W"].get<double>();
  EXPECT_NEAR(window_mean(power) / 1000.0, run_w, 0.03 * run_w);
  const double run_gbps = stats["bandwidth_GBps"].get<double>();
  EXPECT_NEAR(window_mean(bandwidth), run_gbps, 0.03 * run_gbps);
  const std::string layout = test::read_text(wave + ".gtkw");
  EXPECT_NE(layout.find("aimc.power_mw[31:0]"), std::string::npos);
  EXPECT_NE(layout.find("aimc.bandwidth_GBps[31:0]"), std::string::npos);
}

// The stats without what differs from run to run (wall time) or names the run itself.
nlohmann::json results_of(const std::string& stats_path) {
  nlohmann::json j = nlohmann::json::parse(test::read_text(stats_path));
  for (const char* key : {"wall_s", "requests_per_wall_s", "run"}) j.erase(key);
  j["memspec_resolved"].erase("file");
  return j;
}

TEST(Cli, ARunReplaysFromItsStatsAlone) {
  // A scenario and memspec that exist only for the first run: the replay must not need them.
  const std::string dir = test::temp_path("gone");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/scenarios/memspec");
  std::filesystem::copy_file(test::source_path("scenarios/default.yaml"), dir + "/scenarios/default.yaml");
  std::filesystem::copy_file(test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"),
                             dir + "/scenarios/memspec/hbm3e_9600_8h.yaml");
  const std::string first = test::temp_path("first.json"), again = test::temp_path("again.json");
  Result r = aimc("run " + dir + "/scenarios/default.yaml --policy ai_aware --set controller.ai_aware.age_limit_ns=2000 " +
                  "--set memspec.data_rate_gbps=8.0 --seed-offset 3 --sample-scale 2 --max-requests 40000 --refresh per_bank "
                  "--stats " + first +
                  " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::remove_all(dir);
  r = aimc("run --from-stats " + first + " --stats " + again + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(results_of(first), results_of(again));
  const nlohmann::json run = nlohmann::json::parse(test::read_text(again))["run"];
  EXPECT_EQ(run["policy"], "ai_aware");
  EXPECT_EQ(run["seed_offset"], 3);
  EXPECT_EQ(run["sample_scale"], 2.0);
  EXPECT_EQ(run["replayed_from"], first);

  // Options that would change the result are refused with the replay.
  r = aimc("run --from-stats " + first + " --policy fcfs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("field '--policy': the replayed run's own is used"), std::string::npos) << r.output;
}

// --sample-scale K is the scenario with every sampled layer_fraction K times as large and the
// tenants' durations K times as long, as a user would write it with --set.
TEST(Cli, SampleScaleIsTheLargerSampleWithTheTenantsStretched) {
  const std::string scenario = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string scaled = test::temp_path("scaled.json"), by_hand = test::temp_path("by_hand.json");
  Result r = aimc("run " + scenario + " --sample-scale 2 --no-sampling-check --stats " + scaled);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("override      --sample-scale 2: sampled layer fractions x 2, tenants stretched alike"),
            std::string::npos)
      << r.output;
  r = aimc("run " + scenario + " --set traffic.streams.decode.layer_fraction=0.004 " +
           "--set traffic.streams.tenant_stream.duration_ns=120000 --no-sampling-check --quiet --stats " +
           by_hand);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json a = results_of(scaled), b = results_of(by_hand);
  EXPECT_EQ(a["sample_scale"], 2.0);
  a.erase("sample_scale");
  b.erase("overrides");
  EXPECT_EQ(a, b);

  // A sample larger than the whole layer names the stream that would pass it.
  r = aimc("run " + scenario + " --sample-scale 600 --quiet");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("llama3_70b_decode.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("field 'traffic.streams[0].layer_fraction': 0.002 x --sample-scale 600 passes 1"),
            std::string::npos)
      << r.output;
}

// --sample-until PCT doubles the sample from --sample-scale 1 until three scales in a row agree,
// each within PCT of the one below, and reports the largest: the run is the --sample-scale run
// of that scale, checked against the scale below (half its fraction). On llama3_70b_decode the
// gaps from x1 to x2, x4 and x8 are 6.6, 1.9 and 4.5 %: 5 % is reached at x8, 1 % not by x4.
TEST(Cli, SampleUntilDoublesTheSampleUntilThreeScalesAgree) {
  const std::string scenario = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string searched = test::temp_path("searched.json"), scaled = test::temp_path("scaled4.json");
  Result r = aimc("run " + scenario + " --sample-until 5 --sample-until-max 8 --stats " + searched);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(test::read_text(searched));
  const auto& search = j["sample_search"];
  EXPECT_DOUBLE_EQ(search["until"].get<double>(), 0.05);
  const auto& levels = search["levels"];
  ASSERT_EQ(levels.size(), 4u) << search.dump();
  for (size_t i = 0; i < levels.size(); ++i) EXPECT_DOUBLE_EQ(levels[i]["scale"].get<double>(), double(1 << i));
  EXPECT_GT(levels[0]["gap_to_next"].get<double>(), 0.05) << "x1 and x2 disagree: the search goes on";
  EXPECT_LE(levels[1]["gap_to_next"].get<double>(), 0.05);
  const double gap = levels[2]["gap_to_next"].get<double>();
  EXPECT_LE(gap, 0.05);
  EXPECT_TRUE(levels[3]["gap_to_next"].is_null());
  EXPECT_TRUE(search["reached"].get<bool>());
  EXPECT_DOUBLE_EQ(search["scale"].get<double>(), 8);
  EXPECT_DOUBLE_EQ(search["gap"].get<double>(), gap);
  EXPECT_NE(r.output.find("sample        --sample-until 5 %: reached at x8"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
  // The answer's sampling check is the level below, at half its fraction.
  const auto& decode = j["streams"][0];
  const auto& sm = decode["sampling"];
  EXPECT_DOUBLE_EQ(sm["layer_fraction"].get<double>(), 0.016);
  EXPECT_DOUBLE_EQ(sm["check_layer_fraction"].get<double>(), 0.008);
  EXPECT_DOUBLE_EQ(sm["check_full_step_ms"].get<double>(), levels[2]["full_step_ms"]["decode"].get<double>());
  EXPECT_DOUBLE_EQ(decode["full_step_ms"].get<double>(), levels[3]["full_step_ms"]["decode"].get<double>());
  EXPECT_NEAR(sm["uncertainty"].get<double>(), gap, 1e-12);
  EXPECT_EQ(j["run"]["replay"]["options"]["sample_until_pct"], 5.0);

  // Not reached by the largest scale allowed: the figures are the last scale's, with a warning.
  r = aimc("run " + scenario + " --sample-until 1 --sample-until-max 4 --stats " + searched);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json short_of = nlohmann::json::parse(test::read_text(searched))["sample_search"];
  EXPECT_FALSE(short_of["reached"].get<bool>());
  EXPECT_DOUBLE_EQ(short_of["scale"].get<double>(), 4);
  EXPECT_NE(short_of["stopped_by"].get<std::string>().find("--sample-until-max"), std::string::npos) << short_of.dump();
  EXPECT_NE(r.output.find("warning       the figures are x4's"), std::string::npos) << r.output;
  // Every other figure is the --sample-scale 4 run's.
  r = aimc("run " + scenario + " --sample-scale 4 --no-sampling-check --quiet --stats " + scaled);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json a = results_of(searched), b = results_of(scaled);
  a.erase("sample_search");
  a["streams"][0].erase("sampling");
  EXPECT_EQ(a, b);
}

// --sample-until needs whole runs of a scenario that samples, and its own check.
TEST(Cli, SampleUntilRefusesWhatItCannotSearch) {
  const std::string decode = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::vector<std::pair<std::string, std::string>> refused = {
      {decode + " --max-requests 1000", "cannot be used with --max-requests"},
      {decode + " --no-sampling-check", "cannot be used with --no-sampling-check"},
      {test::source_path("scenarios/baseline/sequential_read.yaml"), "no LLM stream of this scenario samples its layers"},
      {decode + " --set traffic.streams.decode.layer_fraction=0.5", "0.5 leaves no room for --sample-until's three scales"}};
  for (const auto& [args, why] : refused) {
    const Result r = aimc("run " + args + " --sample-until 2 --quiet");
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.output.find("field '"), std::string::npos) << r.output;  // '--sample-until', or the stream's field
    EXPECT_NE(r.output.find(why), std::string::npos) << r.output;
  }
}

// A tenant that stops before the decode does leaves the decode's last steps without its load:
// the summary and the stats JSON say so, and say nothing when the tenant outlasts the decode.
TEST(Cli, ATenantThatStopsBeforeTheDecodeIsNoted) {
  const std::string scenario = test::source_path("scenarios/llm/llama3_70b_decode.yaml");
  const std::string stats = test::temp_path("short_tenant.json");
  Result r = aimc("run " + scenario + " --set traffic.streams.tenant_stream.duration_ns=10000 --no-sampling-check --stats " +
                  stats);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("note          tenant_stream's last request finished at 10."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ran without that load"), std::string::npos) << r.output;
  const nlohmann::json decode = nlohmann::json::parse(test::read_text(stats))["streams"][0];
  ASSERT_EQ(decode["name"], "decode");
  const nlohmann::json& ended = decode["tenants_ended_first"];
  EXPECT_GT(ended["tenants_ns"]["tenant_stream"].get<double>(), 10000.0);
  EXPECT_LT(ended["tenants_ns"]["tenant_stream"].get<double>(), 11000.0);
  EXPECT_GT(ended["own_end_ns"].get<double>(), 15000.0);  // 8 steps of about 2 us

  r = aimc("run " + scenario + " --no-sampling-check --stats " + stats);  // as shipped: the tenant runs 60 us
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("ran without that load"), std::string::npos) << r.output;
  EXPECT_FALSE(nlohmann::json::parse(test::read_text(stats))["streams"][0].contains("tenants_ended_first"));
}

TEST(Cli, AReplayChecksTheTraceItReads) {
  const std::string trace = test::temp_path("mine.trace");
  std::filesystem::copy_file(test::source_path("scenarios/traces/random_70r30w_10k.trace"), trace,
                             std::filesystem::copy_options::overwrite_existing);
  const std::string first = test::temp_path("first.json");
  Result r = aimc("run --memspec " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") + " --trace " + trace +
                  " --stats " + first + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string again = test::temp_path("again.json");
  ASSERT_EQ(aimc("run --from-stats " + first + " --stats " + again + " --quiet").exit_code, 0);
  EXPECT_EQ(results_of(first), results_of(again));
  std::ofstream(trace, std::ios::app) << "# one more line\n";
  r = aimc("run --from-stats " + first);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(first + ": field 'run.replay.traces': the run read " + trace), std::string::npos) << r.output;
}

// A stats file edited by hand is checked as the command line would be: a wrong type or value
// names the field, and an error in a recorded file names the file as recorded, not its copy.
TEST(Cli, AReplayChecksTheOptionsAndFilesItRecorded) {
  const std::string scenario =
      test::write_temp("recorded.yaml", "name: recorded\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                                            "\ntraffic:\n  streams:\n    - {kind: random, requests: 100, rate_gbps: 64}\n");
  const std::string first = test::temp_path("recorded.json");
  ASSERT_EQ(aimc("run -q " + scenario + " --max-requests 100 --stats " + first).exit_code, 0);
  const nlohmann::json good = nlohmann::json::parse(test::read_text(first));
  auto replay_with = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = good;
    edit(j);
    const std::string edited = test::write_temp("edited.json", j.dump());
    return aimc("run -q --from-stats " + edited);
  };
  const std::string edited = test::temp_path("edited.json");
  Result r = replay_with([](nlohmann::json& j) { j["run"]["replay"]["options"]["max_requests"] = -5; });
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(edited + ": field 'run.replay.options.max_requests': expected a whole number"),
            std::string::npos)
      << r.output;
  r = replay_with([](nlohmann::json& j) { j["run"]["replay"]["options"]["policy"] = 3; });
  EXPECT_NE(r.output.find("field 'run.replay.options.policy': expected a string, got 3"), std::string::npos) << r.output;
  r = replay_with([](nlohmann::json& j) { j["run"]["replay"]["options"]["policy"] = "lifo"; });
  EXPECT_NE(r.output.find("field 'run.replay.options.policy': 'lifo' is not one of"), std::string::npos) << r.output;
  r = replay_with([](nlohmann::json& j) { j["run"]["replay"]["options"]["quantum_ns"] = "fast"; });
  EXPECT_NE(r.output.find("field 'run.replay.options.quantum_ns': expected 0.001 to 1e+09"), std::string::npos)
      << r.output;
  r = replay_with([&](nlohmann::json& j) {
    std::string t = j["run"]["replay"]["scenario"]["text"].get<std::string>();
    j["run"]["replay"]["scenario"]["text"] = t + "bogus_field: 1\n";
  });
  EXPECT_EQ(r.exit_code, 2);
  const std::string recorded = good["run"]["replay"]["scenario"]["path"].get<std::string>();
  EXPECT_NE(r.output.find("error: " + recorded + ":"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(in the copy " + edited + " recorded)"), std::string::npos) << r.output;
}

// aimc compare says what it compared: a coverage line per run, what no run exercised, a summary,
// and a JUnit report with one test case per scenario, policy and seed.
TEST(Cli, CompareReportsCoverageASummaryAndJUnit) {
  if (!kHaveRtl) return;  // refused: Cli.WithoutTheRtlItsCommandsAreRefused
  const std::string junit = test::temp_path("compare.xml");
  const Result r = aimc("compare " + test::source_path("scenarios/default.yaml") +
                        " --policies fr_fcfs ai_aware --seeds 2 --max-requests 600 --junit " + junit);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("  coverage:  ACT "), std::string::npos) << r.output;
  // 600 requests are far too few for an all-bank refresh, and the report says so.
  EXPECT_NE(r.output.find("NOT EXERCISED: REFab, PREA"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("compare: 4 of 4 runs identical and clean; never exercised in any run: REFab, PREA"),
            std::string::npos)
      << r.output;
  const std::string xml = test::read_text(junit);
  EXPECT_NE(xml.find("<testsuite name=\"aimc compare\" tests=\"4\" failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"default.ai_aware.seed1\"/>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace aimc
