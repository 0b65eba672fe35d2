// The whole controller, RTL against C++ model, through the shared testbench: every shipped
// scenario (a short version: its first requests) under every policy gives the same command
// stream on all 16 channels, cycle for cycle, every request completes at the same cycle, and
// the HBM3E device model finds no protocol violation and no wrong read data in either.
// Also: what the RTL backend refuses, and how a divergence is reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

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
  // Every read's data crossed the RTL (write data in at its request port, out with its WR; read
  // data in from the device, out at its response port) and was checked.
  EXPECT_EQ(c.rtl.reads_checked, c.model.reads_checked);
  if (c.model.stats.read_accesses > 0) {
    EXPECT_GT(c.rtl.reads_checked, 0u);
  }
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

// Refresh at the lengths CI affords: with tREFI shortened (and tREFIpb with it), 6000
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
  const BackendComparison c = compare_backends(s, 6000);  // about 0.9 us of the decode: past one tREFI
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
    // tREFIpb: 32 banks' turns must fit in tREFI, though all-bank refresh does not use it. A
    // refresh owed is urgent at once, so that one falls in the short run whatever the load.
    out.push_back({RefreshPolicy::AllBank, p,
                   {"memspec.timing.tREFI=500", "memspec.timing.tREFIpb=15", "memspec.timing.max_postponed_refreshes=1"}});
    out.push_back({RefreshPolicy::PerBank, p, {"memspec.timing.tREFI=1600", "memspec.timing.tREFIpb=50"}});
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

// Forwards to an RtlController and, when the run is over, says how many cycles it covered in
// how many clock edges.
class EdgeCounting : public ControllerBackend {
 public:
  EdgeCounting(std::unique_ptr<RtlController> rtl, uint64_t& cycles, uint64_t& edges)
      : rtl_(std::move(rtl)), cycles_(cycles), edges_(edges) {}
  ~EdgeCounting() override {
    cycles_ = rtl_->cycles_simulated();
    edges_ = rtl_->clock_edges();
  }
  const MemSpec& spec() const override { return rtl_->spec(); }
  const AddressMap& address_map() const override { return rtl_->address_map(); }
  int request_lanes() const override { return rtl_->request_lanes(); }
  bool offer(uint64_t id, bool is_write, StreamClass cls, Cycle arrival, const DramAddress& a, Cycle now) override {
    return rtl_->offer(id, is_write, cls, arrival, a, now);
  }
  void advance(Cycle now) override { rtl_->advance(now); }
  Cycle next_event() const override { return rtl_->next_event(); }
  size_t queued() const override { return rtl_->queued(); }
  Cycle last_column_cycle() const override { return rtl_->last_column_cycle(); }

 private:
  std::unique_ptr<RtlController> rtl_;
  uint64_t& cycles_;
  uint64_t& edges_;
};

// Bursts of 20 requests 600 ns apart: the stack is idle most of the time.
std::string bursty_trace() {
  std::ifstream in(test::source_path("scenarios/traces/random_70r30w_10k.trace"));
  std::string text = "# bursts with idle gaps\n";
  int n = 0;
  for (std::string line; n < 80 && std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    text += std::to_string(uint64_t(n / 20) * 600'000 + uint64_t(n % 20) * 250) + line.substr(line.find(' ')) + "\n";
    ++n;
  }
  return test::write_temp("bursty.trace", text);
}

struct SkipRun {
  BackendComparison comparison;
  uint64_t cycles = 0, edges = 0;
};

SkipRun run_with_idle_skip(const Scenario& s, bool skip) {
  SkipRun run;
  BackendPair pair = default_backends(s);
  pair.rtl = driver_runner([&s, skip, &run](const MemSpec& m, const ControllerConfig& cfg, ControllerListener& l) {
    auto rtl = std::make_unique<RtlController>(m, cfg, l, s.source_file);
    rtl->set_idle_skip(skip);
    return std::make_unique<EdgeCounting>(std::move(rtl), run.cycles, run.edges);
  });
  run.comparison = compare_backends(s, 0, pair);
  return run;
}

// Idle skip: with nothing queued, no response or refresh due, the channels cover the idle span
// up to the next arrival or refresh in one clock edge. The commands and completions are the
// model's under each refresh mode, in far fewer clock edges; with the skip off, cycle by cycle,
// they are the same again.
TEST(RtlBackend, IdleSkipGivesTheSameCommandsInFewerClockEdges) {
  const std::string trace = bursty_trace();
  // The fewer refreshes fall due in the gaps, the longer the spans skipped: per-bank refresh is
  // due every tREFIpb (122 ns), all-bank here every 500 ns.
  const std::vector<std::pair<std::vector<std::string>, double>> variants = {
      {{"controller.refresh=per_bank"}, 1.5},
      {{"controller.refresh=all_bank", "memspec.timing.tREFI=500", "memspec.timing.tREFIpb=15"}, 1.5},
      {{"controller.refresh=off"}, 3.0}};
  for (const auto& [sets, fewer] : variants) {
    std::vector<std::string> all = sets;
    all.push_back("traffic.trace=" + trace);
    const Scenario s = load_scenario(test::source_path("scenarios/baseline/random_trace_10k.yaml"), parse_overrides(all));
    SCOPED_TRACE(sets.front());
    const SkipRun skipped = run_with_idle_skip(s, true);
    const BackendComparison& c = skipped.comparison;
    EXPECT_TRUE(c.passed()) << format_comparison(c, s.memspec);
    EXPECT_EQ(c.rtl.request_done.size(), 80u);
    EXPECT_GT(skipped.cycles, 2000u);
    EXPECT_LT(double(skipped.edges) * fewer, double(skipped.cycles))
        << skipped.edges << " edges for " << skipped.cycles << " cycles";
    if (sets.front() != "controller.refresh=per_bank") continue;
    const SkipRun clocked = run_with_idle_skip(s, false);
    EXPECT_EQ(clocked.edges, clocked.cycles);
    EXPECT_TRUE(clocked.comparison.passed()) << format_comparison(clocked.comparison, s.memspec);
    ASSERT_EQ(clocked.comparison.rtl.commands.size(), c.rtl.commands.size());
    for (size_t i = 0; i < c.rtl.commands.size(); ++i) {
      ASSERT_TRUE(same_command(clocked.comparison.rtl.commands[i], c.rtl.commands[i])) << "command " << i;
    }
    EXPECT_TRUE(clocked.comparison.rtl.request_done == c.rtl.request_done);
  }
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
