// aimc_timing_checker (RTL, Verilated) against aimc::TimingChecker (C++): random command
// streams on one channel, every (pseudo-channel, bank, command) readiness bit and the row bus
// compared on every cycle. The same Verilated build runs both presets: latencies are loaded at
// reset from each memspec through build_timing_rules(), as the RTL's package promises.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "Vaimc_timing_checker.h"
#include "models/core/timing_checker.h"
#include "models/core/timing_rules.h"
#include "models/params/memspec.h"
#include "tb/rtl/rtl_bits.h"
#include "tb/rtl/rtl_controller.h"
#include "verilated.h"

namespace aimc {
namespace {

struct Harness {
  explicit Harness(const MemSpec& memspec) : spec(memspec), checker(memspec) {
    ctx.debug(0);
    load_latencies(dut, spec);
    dut.row_valid_i = 0;
    dut.col_valid_i = 0;
    reset(dut);
  }
  void tick() {
    clock(dut);
    ++now;
  }
  DramAddress address(int pc, int bank) const {
    DramAddress a;
    a.pseudo_channel = pc;
    a.bank_group = bank / spec.org.banks_per_group;
    a.bank = bank % spec.org.banks_per_group;
    return a;
  }

  MemSpec spec;
  TimingChecker checker;
  VerilatedContext ctx;
  Vaimc_timing_checker dut{&ctx};
  Cycle now = 0;
};

// Runs `cycles` cycles; each cycle issues, with the given odds, a random ready row command (an
// ACT when one is ready, with odds act_bias: ACT-heavy streams make tFAW and tRRD bind) and a
// random ready column command. Returns the number of mismatching bits seen.
int run_random(const MemSpec& spec, int cycles, uint64_t seed, int* issued, double act_bias = 0.0) {
  Harness h(spec);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  const int pcs = spec.org.pseudo_channels, banks = spec.org.banks_per_pc();
  int mismatches = 0;
  for (int t = 0; t < cycles; ++t) {
    std::vector<std::pair<Command, DramAddress>> row_ready, col_ready;
    for (int p = 0; p < pcs; ++p) {
      for (int b = 0; b < banks; ++b) {
        for (int c = 0; c < kNumCommands; ++c) {
          const Command cmd = Command(c);
          const DramAddress a = h.address(p, b);
          const bool cpp = h.checker.timing_ready(cmd, a) <= h.now;
          // The RTL has the package's banks per pseudo-channel; a part with fewer uses the first.
          const bool rtl = get_bit(h.dut.ready_o, (p * kRtlBanksPerPc + b) * kNumCommands + c);
          if (cpp != rtl && ++mismatches <= 10) {
            ADD_FAILURE() << "cycle " << h.now << " pc " << p << " bank " << b << " " << name_of(cmd) << ": C++ "
                          << cpp << ", RTL " << rtl;
          }
          if (cpp && h.checker.is_ready(cmd, a, h.now)) (is_column(cmd) ? col_ready : row_ready).push_back({cmd, a});
        }
      }
    }
    const bool row_free_cpp = h.checker.bus_free(0, false) <= h.now;
    if (row_free_cpp != bool(h.dut.row_bus_free_o) && ++mismatches <= 10) {
      ADD_FAILURE() << "cycle " << h.now << " row bus: C++ " << row_free_cpp << ", RTL " << int(h.dut.row_bus_free_o);
    }
    h.dut.row_valid_i = 0;
    h.dut.col_valid_i = 0;
    std::vector<std::pair<Command, DramAddress>> acts;
    for (const auto& c : row_ready) {
      if (c.first == Command::ACT) acts.push_back(c);
    }
    const bool pick_act = !acts.empty() && coin(rng) < act_bias;
    // Drives one issue port of the RTL and tells the C++ checker.
    auto issue = [&](const std::pair<Command, DramAddress>& c, CData& valid, CData& cmd, CData& pc, CData& bank) {
      valid = 1;
      cmd = CData(index_of(c.first));
      pc = CData(c.second.pseudo_channel);
      bank = CData(c.second.bank_group * spec.org.banks_per_group + c.second.bank);
      h.checker.issue(c.first, c.second, h.now);
      ++*issued;
    };
    if (pick_act || (!row_ready.empty() && coin(rng) < 0.6)) {
      const auto& pool = pick_act ? acts : row_ready;
      issue(pool[rng() % pool.size()], h.dut.row_valid_i, h.dut.row_cmd_i, h.dut.row_pc_i, h.dut.row_bank_i);
    }
    if (!col_ready.empty() && coin(rng) < 0.6) {
      issue(col_ready[rng() % col_ready.size()], h.dut.col_valid_i, h.dut.col_cmd_i, h.dut.col_pc_i, h.dut.col_bank_i);
    }
    h.dut.eval();
    h.tick();
  }
  return mismatches;
}

MemSpec preset(const char* file) { return load_memspec(std::string(AIMC_SOURCE_DIR) + "/scenarios/memspec/" + file); }

TEST(RtlTimingChecker, MatchesTheCppCheckerEveryCycleOnHbm3e) {
  int issued = 0;
  EXPECT_EQ(run_random(preset("hbm3e_9600_8h.yaml"), 40000, 1, &issued), 0);
  EXPECT_GT(issued, 20000);
}

// With the presets' tRRD_S, four ACTs already span more than tFAW, so tFAW never binds; with
// tRRD shortened (latencies are inputs, so this is the same RTL) an ACT-heavy stream hits it.
TEST(RtlTimingChecker, MatchesOnActHeavyStreamsWhereTfawBinds) {
  MemSpec spec = preset("hbm3e_9600_8h.yaml");
  spec.t.nRRD_S = 2;
  spec.t.nRRD_L = 4;
  int issued = 0;
  EXPECT_EQ(run_random(spec, 40000, 3, &issued, 0.9), 0);
  EXPECT_GT(issued, 20000);
}

// 4 SIDs: all of the package's 64 banks per pseudo-channel, bank groups 0-15.
TEST(RtlTimingChecker, MatchesOnTheSixteenHighPartsSixtyFourBanks) {
  int issued = 0;
  EXPECT_EQ(run_random(preset("hbm3e_9600_16h.yaml"), 20000, 4, &issued), 0);
  EXPECT_GT(issued, 10000);
}

TEST(RtlTimingChecker, SameBuildMatchesOnHbm3WithItsOwnLatencies) {
  int issued = 0;
  EXPECT_EQ(run_random(preset("hbm3_6400_8h.yaml"), 40000, 2, &issued), 0);
  EXPECT_GT(issued, 20000);
}

}  // namespace
}  // namespace aimc
