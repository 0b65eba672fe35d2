// Whole runs: randomized traffic through the controller under every policy; the command stream
// must pass the independent protocol checker and every request must complete.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "tb/protocol/protocol_checker.h"
#include "tb/sim/trace_driver.h"
#include "tb/trace/trace_reader.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

// Mixed traffic: sequential runs and random jumps, reads and writes, 32-256 B, bursty arrivals,
// every stream class.
std::string write_mixed_trace(const std::string& name, uint64_t requests, uint64_t seed, uint64_t capacity) {
  const std::string path = test::temp_path(name);
  std::FILE* f = std::fopen(path.c_str(), "w");
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<uint64_t> addr_dist(0, capacity / 256 - 1);
  std::uniform_int_distribution<int> pct(0, 99), gap(0, 1500);
  const uint32_t sizes[] = {32, 64, 64, 128, 256};
  uint64_t t = 0, next = 0;
  for (uint64_t i = 0; i < requests; ++i) {
    const uint32_t bytes = sizes[pct(rng) % 5];
    if (pct(rng) < 40) next = addr_dist(rng) * 256;  // jump; otherwise continue the run
    if (next + bytes > capacity) next = 0;
    fmt::print(f, "{} {} 0x{:x} {} {}\n", t, pct(rng) < 65 ? 'R' : 'W', next, bytes,
               kStreamClassNames[size_t(pct(rng) % kNumStreamClasses)]);
    next += bytes;
    if (pct(rng) < 30) t += uint64_t(gap(rng));
  }
  std::fclose(f);
  return path;
}

void run_and_check(const ControllerConfig& cfg, uint64_t requests, uint64_t seed, const MemSpec& m = test::hbm3e()) {
  const std::string trace_path = write_mixed_trace(fmt::format("mixed_{}.trace", seed), requests, seed,
                                                   m.org.capacity_bytes());
  TraceDriver driver(m, cfg);
  ProtocolCheckListener check(m, cfg.refresh);
  driver.add_listener(&check);
  TraceReader trace(trace_path, TraceFormat::Native, m.tCK_ps, m.org.capacity_bytes());
  const RunStats s = driver.run(trace);
  check.checker.finish(s.last_done);
  const auto& v = check.checker.violations();
  EXPECT_TRUE(v.empty()) << v.size() << " violations, first: " << v.front().rule << ": " << v.front().message;
  EXPECT_EQ(s.read_requests + s.write_requests, requests);
  EXPECT_EQ(s.latencies_of_direction(false).size() + s.latencies_of_direction(true).size(), requests)
      << "a request never completed";
  EXPECT_EQ(driver.controller().queued(), 0u);
  EXPECT_GT(check.checker.commands_checked(), requests);
}

TEST(RandomRun, TwoHundredThousandRequestsPassTheProtocolChecker) {
  run_and_check(ControllerConfig{}, 200000, 1);
}

struct PolicyCase {
  SchedulerPolicy policy;
  PagePolicy page;
  RefreshPolicy refresh;
  bool xor_hash;
};

class RandomRunPolicies : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(RandomRunPolicies, PassesTheProtocolCheckerAndCompletesEveryRequest) {
  const PolicyCase p = GetParam();
  ControllerConfig cfg;
  cfg.policy = p.policy;
  cfg.page_policy = p.page;
  cfg.refresh = p.refresh;
  cfg.address_map.xor_bank_hash = p.xor_hash;
  cfg.queue_depth = 16;
  cfg.row_hit_cap = 4;
  cfg.ai_aware.age_limit_ns = 200;  // short: aging happens often
  cfg.ai_aware.write_high = 10;
  cfg.ai_aware.write_low = 4;
  run_and_check(cfg, 20000, 7 + uint64_t(p.refresh) * 3 + uint64_t(p.page));
}

INSTANTIATE_TEST_SUITE_P(
    AllPolicies, RandomRunPolicies,
    ::testing::Values(PolicyCase{SchedulerPolicy::Fcfs, PagePolicy::Open, RefreshPolicy::AllBank, false},
                      PolicyCase{SchedulerPolicy::Fcfs, PagePolicy::Closed, RefreshPolicy::PerBank, true},
                      PolicyCase{SchedulerPolicy::FrFcfs, PagePolicy::Open, RefreshPolicy::PerBank, false},
                      PolicyCase{SchedulerPolicy::FrFcfs, PagePolicy::Closed, RefreshPolicy::AllBank, true},
                      PolicyCase{SchedulerPolicy::FrFcfs, PagePolicy::Open, RefreshPolicy::Off, true},
                      PolicyCase{SchedulerPolicy::Fcfs, PagePolicy::Open, RefreshPolicy::Off, false},
                      PolicyCase{SchedulerPolicy::AiAware, PagePolicy::Open, RefreshPolicy::AllBank, false},
                      PolicyCase{SchedulerPolicy::AiAware, PagePolicy::Closed, RefreshPolicy::PerBank, true},
                      PolicyCase{SchedulerPolicy::AiAware, PagePolicy::Open, RefreshPolicy::PerBank, true}));

// Every memspec preset, every speed bin and stack height, under FR-FCFS with all-bank refresh and
// ai_aware with per-bank refresh and closed pages.
class RandomRunPresets : public ::testing::TestWithParam<std::string> {};

TEST_P(RandomRunPresets, PassesTheProtocolCheckerAndCompletesEveryRequest) {
  const MemSpec m = load_memspec(GetParam());
  ControllerConfig cfg;
  run_and_check(cfg, 20000, 11, m);
  cfg.policy = SchedulerPolicy::AiAware;
  cfg.refresh = RefreshPolicy::PerBank;
  cfg.page_policy = PagePolicy::Closed;
  run_and_check(cfg, 20000, 12, m);
}

INSTANTIATE_TEST_SUITE_P(EveryPreset, RandomRunPresets, ::testing::ValuesIn(test::memspec_presets()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return std::filesystem::path(p.param).stem().string();
                         });

}  // namespace
}  // namespace aimc
