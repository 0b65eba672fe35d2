// aimc_sched_bank with its queue scan (RTL, Verilated; tests/rtl/aimc_sched_bank_tb.sv) against the C++ schedulers' bank_candidates() for FCFS,
// FR-FCFS and ai_aware: random queue contents (hits, conflicts, other banks, same-location waits, slots freed and
// reused, classes, arrival times around the age limit) and bank states, both page policies,
// drain on and off; every candidate compared: validity, command, slot and key order.
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "Vaimc_sched_bank_tb.h"
#include "models/core/ai_aware_scheduler.h"
#include "models/core/fcfs_scheduler.h"
#include "models/core/fr_fcfs_scheduler.h"
#include "models/core/pseudo_channel.h"
#include "models/params/memspec.h"
#include "tb/rtl/rtl_bits.h"
#include "tb/rtl/rtl_controller.h"
#include "verilated.h"

namespace aimc {
namespace {

constexpr int kQueueDepth = 64;  // the Verilated instance's QueueDepth
constexpr int kSeqWidth = 32;
constexpr int kRowWidth = kRtlBuiltWidths.row;  // aimc_pkg::RowWidth
constexpr int kBankIdWidth = kRtlBuiltWidths.bank_id;  // aimc_pkg::BankIdWidth
constexpr int kClassWidth = 3;   // aimc_pkg::ClassWidth
constexpr int kTimeWidth = 32;

// The RTL key {tier:4, rank:4, seq:32} orders as the C++ key {tier:4, rank:4, seq:56}.
uint64_t rtl_key_of(uint64_t cpp_key) { return (cpp_key >> kRankShift) << 32 | (cpp_key & 0xffffffffu); }

struct Expected {
  bool read = false, write = false, row = false;
  uint64_t read_key = 0, write_key = 0, row_key = 0;
  Command read_cmd = Command::RD, write_cmd = Command::WR, row_cmd = Command::ACT;
  int read_slot = 0, write_slot = 0, row_slot = 0;
};

Expected from_cpp(const BankQueue& q) {
  Expected e;
  for (int i = 0; i < q.num_candidates; ++i) {
    const BankCandidate& c = q.candidates[i];
    if (is_read(c.cmd)) {
      e.read = true, e.read_cmd = c.cmd, e.read_slot = c.slot, e.read_key = rtl_key_of(c.priority);
    } else if (is_write(c.cmd)) {
      e.write = true, e.write_cmd = c.cmd, e.write_slot = c.slot, e.write_key = rtl_key_of(c.priority);
    } else {
      e.row = true, e.row_cmd = c.cmd, e.row_slot = c.slot, e.row_key = rtl_key_of(c.priority);
    }
  }
  return e;
}

class RtlSchedBank : public ::testing::TestWithParam<SchedulerPolicy> {};

TEST_P(RtlSchedBank, MatchesTheCppSchedulerOnRandomQueues) {
  const SchedulerPolicy policy = GetParam();
  const MemSpec spec = load_memspec(std::string(AIMC_SOURCE_DIR) + "/scenarios/memspec/hbm3e_9600_8h.yaml");
  const int banks = spec.org.banks_per_pc();
  VerilatedContext ctx;
  Vaimc_sched_bank_tb dut{&ctx};
  std::mt19937_64 rng(11);
  auto pick = [&](int n) { return int(rng() % uint64_t(n)); };
  int checked = 0, with_candidates = 0, held = 0, mismatches = 0, waiting_seen = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    ControllerConfig cfg;
    cfg.policy = policy;
    cfg.ai_aware.age_limit_ns = 100;  // 240 cycles: arrivals below straddle it
    cfg.ai_aware.class_rank = {pick(3), pick(3), pick(3), pick(3), pick(3)};
    cfg.ai_aware.preempt_rank_gap = pick(3);  // 0 (off), 1, 2
    cfg.ai_aware.preempt_after_ns = pick(2) ? 0.0 : 50.0;  // 120 cycles: arrivals below straddle it
    cfg.ai_aware.best_effort_row_hold_ns = pick(2) ? 0.0 : 20.0;  // 48 cycles: last columns below straddle it
    cfg.page_policy = pick(2) ? PagePolicy::Closed : PagePolicy::Open;
    cfg.row_hit_cap = 1 + pick(20);
    cfg.queue_depth = kQueueDepth;
    PseudoChannel pc(RefreshPolicy::Off, spec, banks, kQueueDepth);
    const int bank = pick(banks);
    // Fill, free some slots, fill again: slot numbers are not in arrival order.
    uint64_t seq = 1;
    auto add_random = [&](int n) {
      for (int i = 0; i < n && !pc.full(); ++i) {
        Access a;
        a.seq = seq;
        seq += 1 + uint64_t(pick(3));
        a.bank_id = pick(2) ? bank : pick(banks);
        a.addr.row = pick(4);
        a.addr.column = pick(2);  // same-location pairs: some accesses wait for older ones
        a.is_write = pick(3) == 0;
        a.stream_class = StreamClass(pick(kNumStreamClasses));
        a.arrival = Cycle(pick(500));
        pc.add(a);
      }
    };
    add_random(pick(kQueueDepth + 1));
    for (int r = pick(20); r > 0 && pc.queued() > 0; --r) {
      const BankQueue& bq = pc.bank_queues[size_t(pick(banks))];
      if (!bq.slots.empty()) pc.remove(bq.slots[size_t(pick(int(bq.slots.size())))]);
    }
    add_random(pick(16));
    BankState& b = pc.banks[size_t(bank)];
    b.open = pick(10) < 7;
    b.row = pick(4);
    b.hits_served = pick(24);
    b.last_column = pick(4) == 0 ? kNever : Cycle(430 + pick(70));

    pc.write_draining = pick(2) == 0;
    const Cycle now = 500;
    BankQueue& q = pc.bank_queues[size_t(bank)];
    if (q.slots.empty()) continue;  // the scheduler is asked only for banks with work
    const std::unique_ptr<Scheduler> sched = make_scheduler(cfg, spec.tCK_ps);
    sched->bank_candidates(pc, bank, q, now);
    const Expected want = from_cpp(q);

    // The same state into the RTL: every slot of the pseudo-channel.
    dut.policy_i = policy == SchedulerPolicy::Fcfs ? 0 : policy == SchedulerPolicy::FrFcfs ? 1 : 2;
    dut.now_i = uint32_t(now);
    dut.age_limit_i = uint32_t(cycles_covering(cfg.ai_aware.age_limit_ns, spec.tCK_ps));
    dut.draining_i = pc.write_draining;
    dut.class_rank_i = 0;
    for (int c = 0; c < kNumStreamClasses; ++c) dut.class_rank_i |= uint32_t(cfg.ai_aware.class_rank[size_t(c)]) << (4 * c);
    dut.preempt_rank_gap_i = uint8_t(cfg.ai_aware.preempt_rank_gap);
    dut.preempt_after_i = uint32_t(cycles_covering(cfg.ai_aware.preempt_after_ns, spec.tCK_ps));
    dut.bank_i = uint8_t(bank);
    dut.closed_page_i = cfg.page_policy == PagePolicy::Closed;
    dut.row_hit_cap_i = uint16_t(cfg.row_hit_cap);
    dut.open_i = b.open;
    dut.open_row_i = uint32_t(b.row);
    dut.hits_served_i = uint16_t(b.hits_served);
    dut.row_hold_i = uint32_t(cycles_covering(cfg.ai_aware.best_effort_row_hold_ns, spec.tCK_ps));
    // No column yet: the last-column input holds a cycle inside the hold, so only served_i = 0
    // keeps the row from being held.
    dut.served_i = b.last_column != kNever;
    dut.last_column_i = b.last_column == kNever ? uint32_t(now - 1) : uint32_t(b.last_column);
    uint64_t valid = 0, write = 0, waiting = 0;
    for (int s = 0; s < kQueueDepth; ++s) {
      set_bits(dut.slot_bank_i, s * kBankIdWidth, kBankIdWidth, 0);
      set_bits(dut.slot_row_i, s * kRowWidth, kRowWidth, 0);
      set_bits(dut.slot_seq_i, s * kSeqWidth, kSeqWidth, 0);
      set_bits(dut.slot_class_i, s * kClassWidth, kClassWidth, 0);
      set_bits(dut.slot_arrival_i, s * kTimeWidth, kTimeWidth, 0);
    }
    for (const BankQueue& bq : pc.bank_queues) {
      for (int s : bq.slots) {
        const Access& a = pc.access(s);
        valid |= uint64_t{1} << s;
        if (a.is_write) write |= uint64_t{1} << s;
        if (a.waits_for > 0) waiting |= uint64_t{1} << s;
        set_bits(dut.slot_bank_i, s * kBankIdWidth, kBankIdWidth, uint32_t(a.bank_id));
        set_bits(dut.slot_row_i, s * kRowWidth, kRowWidth, uint32_t(a.addr.row));
        set_bits(dut.slot_seq_i, s * kSeqWidth, kSeqWidth, uint32_t(a.seq));
        set_bits(dut.slot_class_i, s * kClassWidth, kClassWidth, uint32_t(a.stream_class));
        set_bits(dut.slot_arrival_i, s * kTimeWidth, kTimeWidth, uint32_t(a.arrival));
      }
    }
    dut.slot_valid_i = valid;
    dut.slot_write_i = write;
    dut.slot_waiting_i = waiting;
    dut.eval();
    waiting_seen += waiting != 0;

    ++checked;
    with_candidates += want.read || want.write || want.row;
    // ai_aware's row hold is the one way a bank with work has no candidate: an idle row kept
    // open for a best-effort conflict, with the bank woken when the hold ends.
    held += !(want.read || want.write || want.row) && cfg.ai_aware.best_effort_row_hold_ns > 0 && q.recheck_at != kNever;
    const bool same = bool(dut.read_valid_o) == want.read && bool(dut.write_valid_o) == want.write &&
                      bool(dut.row_valid_o) == want.row &&
                      (!want.read || (dut.read_cmd_o == index_of(want.read_cmd) && dut.read_slot_o == want.read_slot &&
                                      dut.read_key_o == want.read_key)) &&
                      (!want.write || (dut.write_cmd_o == index_of(want.write_cmd) && dut.write_slot_o == want.write_slot &&
                                       dut.write_key_o == want.write_key)) &&
                      (!want.row || (dut.row_cmd_o == index_of(want.row_cmd) && dut.row_slot_o == want.row_slot &&
                                     dut.row_key_o == want.row_key));
    if (!same && ++mismatches <= 5) {
      ADD_FAILURE() << "trial " << trial << ": C++ read " << want.read << "/" << want.read_slot << " write "
                    << want.write << "/" << want.write_slot << " row " << want.row << " " << name_of(want.row_cmd)
                    << "/" << want.row_slot << "; RTL read " << int(dut.read_valid_o) << "/" << int(dut.read_slot_o)
                    << " write " << int(dut.write_valid_o) << "/" << int(dut.write_slot_o) << " row "
                    << int(dut.row_valid_o) << " " << int(dut.row_cmd_o) << "/" << int(dut.row_slot_o);
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(checked, 15000);
  EXPECT_EQ(with_candidates + held, checked);
  if (policy == SchedulerPolicy::AiAware) {
    EXPECT_GT(held, 0) << "no row was held";
  } else {
    EXPECT_EQ(held, 0);
  }
  EXPECT_GT(waiting_seen, checked / 2) << "too few queues with same-location waits to mean much";
}

INSTANTIATE_TEST_SUITE_P(Policies, RtlSchedBank,
                         ::testing::Values(SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware),
                         [](const ::testing::TestParamInfo<SchedulerPolicy>& p) { return to_string(p.param); });

}  // namespace
}  // namespace aimc
