// Helpers for driving Verilated RTL blocks from tests. Bit access into Verilator's wide
// (VlWide) port values: element i of a packed array of `width`-bit fields sits at bits
// [i * width, i * width + width).
#pragma once

#include <cstdint>
#include <type_traits>
#include <vector>

#include <algorithm>

#include "models/core/command.h"
#include "models/core/refresh_manager.h"
#include "models/core/timing_rules.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"
#include "tb/sim/rtl_package.h"

namespace aimc {

template <typename Wide>
void set_bits(Wide& w, int lsb, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) {
    const int bit = lsb + i;
    const uint32_t mask = 1u << (bit % 32);
    if ((value >> i) & 1u) {
      w[bit / 32] |= mask;
    } else {
      w[bit / 32] &= ~mask;
    }
  }
}

template <typename Wide>
bool get_bit(const Wide& w, int bit) {
  return (w[bit / 32] >> (bit % 32)) & 1u;
}

// Burst `index` (32 B, 256 bits: eight 32-bit words from word index * 8) of a VlWide port.
template <typename Wide>
void set_burst(Wide& w, int index, const BurstData& data) {
  for (int word = 0; word < 8; ++word) w[index * 8 + word] = uint32_t(data[size_t(word / 2)] >> (32 * (word % 2)));
}
template <typename Wide>
BurstData get_burst(const Wide& w, int index = 0) {
  BurstData data{};
  for (int word = 0; word < 8; ++word) data[size_t(word / 2)] |= uint64_t(w[index * 8 + word]) << (32 * (word % 2));
  return data;
}

// Field `lane` of a packed array of `width`-bit fields, in a port Verilator holds as an integer
// (up to 64 bits) or as a VlWide.
template <typename Port>
void set_lane(Port& port, int lane, int width, uint32_t value) {
  if constexpr (std::is_integral_v<Port>) {
    const Port mask = Port(((uint64_t{1} << width) - 1) << (lane * width));
    port = Port((port & ~mask) | ((Port(value) << (lane * width)) & mask));
  } else {
    set_bits(port, lane * width, width, value);
  }
}

// Loads a memspec's latencies into a Verilated block with the timing-checker inputs, in
// aimc_pkg::Rules order (= build_timing_rules order).
template <typename Dut>
void load_latencies(Dut& dut, const MemSpec& spec) {
  const std::vector<TimingRule> rules = build_timing_rules(spec.t);
  for (size_t r = 0; r < rules.size(); ++r) {
    set_bits(dut.rule_latency_i, int(r) * kRtlTimerWidth, kRtlTimerWidth, uint32_t(rules[r].latency));
  }
  dut.faw_i = uint16_t(spec.t.nFAW);
  dut.act_cmd_i = uint16_t(spec.t.nACT_CMD);
}

// The channel controller's configuration inputs from a memspec and controller configuration
// (held stable while it runs), as docs/rtl.md lists them.
template <typename Dut>
void load_channel_config(Dut& d, const MemSpec& spec, const ControllerConfig& cfg) {
  load_latencies(d, spec);
  d.policy_i = cfg.policy == SchedulerPolicy::Fcfs ? 0 : cfg.policy == SchedulerPolicy::FrFcfs ? 1 : 2;
  d.closed_page_i = cfg.page_policy == PagePolicy::Closed;
  d.row_hit_cap_i = uint16_t(cfg.row_hit_cap);
  d.refresh_policy_i = cfg.refresh == RefreshPolicy::AllBank ? 0 : cfg.refresh == RefreshPolicy::PerBank ? 1 : 2;
  d.refresh_interval_i = uint16_t(cfg.refresh == RefreshPolicy::PerBank ? spec.t.nREFIpb : spec.t.nREFI);
  d.num_banks_i = uint8_t(spec.org.banks_per_pc());
  d.urgent_owed_i = uint8_t(refresh_urgent_owed(spec, cfg.refresh));
  d.age_limit_i = uint32_t(cycles_covering(cfg.ai_aware.age_limit_ns, spec.tCK_ps));
  d.class_rank_i = 0;
  for (int k = 0; k < kNumStreamClasses; ++k) d.class_rank_i |= uint32_t(cfg.ai_aware.class_rank[size_t(k)]) << (4 * k);
  d.write_high_i = uint8_t(std::min(cfg.ai_aware.write_high, cfg.queue_depth));
  d.write_low_i = uint8_t(std::min(cfg.ai_aware.write_low, cfg.queue_depth - 1));
  d.bank_group_interleave_i = cfg.ai_aware.bank_group_interleave;
  d.preempt_rank_gap_i = uint8_t(cfg.ai_aware.preempt_rank_gap);
  d.preempt_after_i = uint32_t(cycles_covering(cfg.ai_aware.preempt_after_ns, spec.tCK_ps));
  d.refresh_preempts_be_i = cfg.ai_aware.refresh_preempts_best_effort;  // the RTL applies it under ai_aware only
  d.refresh_kv_quiet_i = uint32_t(cycles_covering(cfg.ai_aware.refresh_after_kv_quiet_ns, spec.tCK_ps));  // 0: off
  d.row_hold_i = uint32_t(cycles_covering(cfg.ai_aware.best_effort_row_hold_ns, spec.tCK_ps));  // 0: off
  d.reserved_slots_i = uint8_t(cfg.policy == SchedulerPolicy::AiAware ? std::min(cfg.ai_aware.reserved_slots, cfg.queue_depth) : 0);
  d.read_done_i = uint8_t(spec.t.nCL + spec.t.nBL);
  d.write_done_i = uint8_t(spec.t.nCWL + spec.t.nBL);
  d.rd_data_lead_i = uint8_t(spec.t.nBL);
  d.enq_valid_i = 0;
}

// Asynchronous reset, one clock edge while in reset (aimc_channel_ctrl registers its
// configuration ports at the edge), then released with the clock low.
template <typename Dut>
void reset(Dut& dut) {
  dut.clk_i = 0;
  dut.rst_ni = 0;
  dut.eval();
  dut.clk_i = 1;
  dut.eval();
  dut.clk_i = 0;
  dut.eval();
  dut.rst_ni = 1;
  dut.eval();
}

// One clock cycle: rising then falling edge.
template <typename Dut>
void clock(Dut& dut) {
  dut.clk_i = 1;
  dut.eval();
  dut.clk_i = 0;
  dut.eval();
}

}  // namespace aimc
