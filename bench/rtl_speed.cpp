// Speed of the Verilated RTL channel (aimc_channel_ctrl, clocked every cycle) against the C++
// channel of the core (aimc::ChannelController, event-driven) on the same random traffic: one
// access offered per cycle with the given odds to the two pseudo-channels, FR-FCFS. Prints
// simulated cycles, commands and wall time of each, and the ratio (issue 5: core >= 100x RTL).
//   aimc_bench_rtl MEMSPEC.yaml [cycles=50000] [percent=30]
// The RTL takes an access one cycle after it is offered (its queue is written at the clock
// edge), so the two command counts differ slightly: this measures speed, not equivalence.
#include <fmt/format.h>

#include <chrono>
#include <random>
#include <string>

#include "Vaimc_channel_ctrl.h"
#include "models/core/channel_controller.h"
#include "models/core/timing_rules.h"
#include "verilated.h"

namespace {

using aimc::Cycle;
constexpr int kTimerWidth = 12;  // aimc_pkg::TimerWidth

struct Offer {
  int pc, bank;
  int64_t row;
  int column;
  bool write;
};

// The same pseudo-random offers for both runs.
std::vector<Offer> make_offers(const aimc::MemSpec& spec, int cycles, int percent) {
  std::mt19937_64 rng(5);
  std::vector<Offer> offers(size_t(cycles), Offer{-1, 0, 0, 0, false});
  for (auto& o : offers) {
    if (int(rng() % 100) >= percent) continue;
    o = {int(rng() % 2), int(rng() % uint64_t(spec.org.banks_per_pc())), int64_t(rng() % 4),
         int(rng() % uint64_t(spec.org.columns)), rng() % 3 == 0};
  }
  return offers;
}

class Count : public aimc::ControllerListener {
 public:
  void on_command(const aimc::CommandRecord&) override { ++commands; }
  uint64_t commands = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} MEMSPEC.yaml [cycles] [percent]\n", argv[0]);
    return 2;
  }
  const aimc::MemSpec spec = aimc::load_memspec(argv[1]);
  const int cycles = argc > 2 ? std::stoi(argv[2]) : 50000;
  const int percent = argc > 3 ? std::stoi(argv[3]) : 30;
  const std::vector<Offer> offers = make_offers(spec, cycles, percent);
  aimc::ControllerConfig cfg;
  using clock = std::chrono::steady_clock;

  // C++ core channel: enqueue when a slot is free, step only at events.
  aimc::TimingChecker checker(spec);
  Count cpp_count;
  aimc::ChannelController cpp(0, spec, cfg, checker, cpp_count);
  uint64_t seq = 1;
  auto t0 = clock::now();
  for (Cycle t = 0; t < Cycle(cycles); ++t) {
    const Offer& o = offers[t];
    if (o.pc >= 0 && cpp.can_accept(o.pc, aimc::StreamClass::BEST_EFFORT, t, t)) {
      aimc::Access a;
      a.seq = a.request_id = seq++;
      a.arrival = t;
      a.addr.pseudo_channel = o.pc;
      a.bank_id = o.bank;
      a.addr.bank_group = o.bank / spec.org.banks_per_group;
      a.addr.bank = o.bank % spec.org.banks_per_group;
      a.addr.row = o.row;
      a.addr.column = o.column;
      a.is_write = o.write;
      cpp.enqueue(a, t);
    }
    if (t >= cpp.next_event()) cpp.step(t);
  }
  const double cpp_s = std::chrono::duration<double>(clock::now() - t0).count();

  // Verilated RTL channel: the same offers, clocked every cycle.
  VerilatedContext ctx;
  Vaimc_channel_ctrl rtl{&ctx};
  const std::vector<aimc::TimingRule> rules = aimc::build_timing_rules(spec.t);
  for (size_t r = 0; r < rules.size(); ++r) {
    for (int i = 0; i < kTimerWidth; ++i) {
      const int bit = int(r) * kTimerWidth + i;
      if ((rules[r].latency >> i) & 1) rtl.rule_latency_i[bit / 32] |= 1u << (bit % 32);
    }
  }
  rtl.faw_i = uint16_t(spec.t.nFAW);
  rtl.act_cmd_i = uint16_t(spec.t.nACT_CMD);
  rtl.policy_i = 1;
  rtl.row_hit_cap_i = uint16_t(cfg.row_hit_cap);
  rtl.refresh_policy_i = 0;
  rtl.refresh_interval_i = uint16_t(spec.t.nREFI);
  rtl.max_postponed_i = uint8_t(spec.t.max_postponed_refreshes);
  rtl.clk_i = 0;
  rtl.rst_ni = 0;
  rtl.eval();
  rtl.rst_ni = 1;
  rtl.eval();
  uint64_t rtl_commands = 0;
  seq = 1;
  t0 = clock::now();
  for (int t = 0; t < cycles; ++t) {
    rtl_commands += rtl.col_valid_o + rtl.row_valid_o;
    const Offer& o = offers[size_t(t)];
    rtl.enq_valid_i = o.pc >= 0 && ((rtl.enq_ready_o >> o.pc) & 1);
    if (rtl.enq_valid_i) {
      rtl.enq_pc_i = uint8_t(o.pc);
      rtl.enq_bank_i = uint8_t(o.bank);
      rtl.enq_row_i = uint16_t(o.row);
      rtl.enq_column_i = uint8_t(o.column);
      rtl.enq_write_i = o.write;
      rtl.enq_seq_i = uint32_t(seq++);
    }
    rtl.clk_i = 1;
    rtl.eval();
    rtl.clk_i = 0;
    rtl.eval();
  }
  const double rtl_s = std::chrono::duration<double>(clock::now() - t0).count();

  fmt::print("{:<6} {:>10} {:>10} {:>9} {:>14}\n", "model", "cycles", "commands", "wall_s", "Mcycles/wall_s");
  fmt::print("{:<6} {:>10} {:>10} {:>9.3f} {:>14.3f}\n", "core", cycles, cpp_count.commands, cpp_s, cycles / cpp_s / 1e6);
  fmt::print("{:<6} {:>10} {:>10} {:>9.3f} {:>14.3f}\n", "rtl", cycles, rtl_commands, rtl_s, cycles / rtl_s / 1e6);
  fmt::print("core / rtl speed: {:.0f}x\n", rtl_s / cpp_s);
  return 0;
}
