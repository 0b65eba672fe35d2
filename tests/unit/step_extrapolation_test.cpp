// CompletionProfile and the whole-step extrapolation of sampled LLM streams
// (tb/sim/step_extrapolation.h): the fill is counted once, the rest of the step's bytes go at the
// steady rate, and a steady window that left its refreshes to the gaps pays them.
#include <gtest/gtest.h>

#include <cmath>

#include "models/core/request_front_end.h"
#include "tb/sim/completion_profile.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/sim/step_extrapolation.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

TEST(CompletionProfile, SharesKeepTheirTimesAsBinsWiden) {
  CompletionProfile p;
  for (Cycle c = 0; c < 100000; ++c) p.add(c, 32);  // 32 B every cycle: a share s arrives at s x 100000
  EXPECT_EQ(p.total(), 3200000u);
  for (double share : {0.1, 0.5, 0.9}) {
    // Bins are at most 100000 / 512 rounded up to a power of two wide (256); inside one the
    // bytes are spread evenly, as here.
    EXPECT_NEAR(p.time_of_share(share), share * 100000, 1.0) << share;
  }
  CompletionProfile late;
  late.add(5, 10);
  late.add(1000000, 30);  // one far arrival widens the bins; the early bytes stay early
  EXPECT_LT(late.time_of_share(0.2), late.time_of_share(0.5));
  EXPECT_GT(late.time_of_share(0.5), 900000);
  EXPECT_EQ(CompletionProfile{}.time_of_share(0.5), 0);
}

// Two steps of 1,200 cycles each: nothing for 100 cycles (the fill), then 32 B a cycle for
// 1,000 cycles, then the drain. Sampled at 1 % of 2 of 32 layers: the whole step is the sampled
// step plus 1,599 times its 1,000 streaming cycles, not 1,600 times the whole sampled step.
RunStats two_steps(const StreamSpec& st) {
  RunStats s;
  for (uint64_t step = 0; step < 2; ++step) {
    GroupSpan& g = s.groups[(uint64_t(st.stream_id) << 32) | step];
    g.origin = g.first_arrival = step * 1200;
    g.last_done = g.first_arrival + 1200;
    for (Cycle c = 0; c < 1000; ++c) g.delivered.add(100 + c, 32);
  }
  return s;
}

StreamSpec sampled_decode() {
  StreamSpec st;
  st.kind = StreamKind::LlmDecode;
  st.stream_id = 1;
  st.model.layers = 32;
  st.simulate_layers = 2;
  st.layer_fraction = 0.01;
  return st;
}

TEST(StepExtrapolation, TheFillIsCountedOnceAndTheRestGoesAtTheSteadyRate) {
  const MemSpec m = test::hbm3e();
  const double ns = m.tCK_ps / 1000.0;
  const StreamSpec st = sampled_decode();
  const StepExtrapolation e = extrapolate_steps(two_steps(st), st, m, /*drop_last=*/false);
  ASSERT_EQ(e.steps.size(), 2u);
  EXPECT_DOUBLE_EQ(e.scale, 1600);
  EXPECT_DOUBLE_EQ(e.mean_step_ns, 1200 * ns);
  EXPECT_DOUBLE_EQ(e.plain_full_step_ns, 1600 * 1200 * ns);
  EXPECT_NEAR(e.steady_GBps, 32 / ns, 1e-9 * 32 / ns);
  EXPECT_NEAR(e.full_step_ns, (1200 + 1599 * 1000) * ns, 1e-6 * e.full_step_ns);
  // A cut-short run leaves its last step out.
  const StepExtrapolation cut = extrapolate_steps(two_steps(st), st, m, /*drop_last=*/true);
  EXPECT_EQ(cut.steps_seen, 2u);
  EXPECT_EQ(cut.steps.size(), 1u);
}

TEST(StepExtrapolation, ASteadyWindowWithoutItsRefreshesPaysThem) {
  const MemSpec m = test::hbm3e();
  const StreamSpec st = sampled_decode();
  const double pcs = double(m.org.channels) * m.org.pseudo_channels;
  // The window between 10 % and 90 % of each step's bytes: cycles 200..1000 after its start.
  RunStats none = two_steps(st);
  none.commands[index_of(Command::REFab)] = 1;  // all-bank refresh ran, outside the windows
  none.refresh_cycles = {1150};
  const StepExtrapolation e = extrapolate_steps(none, st, m, false);
  // Without refresh the window moved 32 B a cycle; it is charged nRFCab / nREFI of its length.
  const double ns = m.tCK_ps / 1000.0;
  const double duty = double(m.t.nRFCab) / m.t.nREFI;
  EXPECT_NEAR(e.steady_GBps, 32 / ns / (1 + duty), 1e-9 * e.steady_GBps);
  // Refreshes paid inside the windows at the steady state's rate leave the rate as measured.
  RunStats paid = two_steps(st);
  paid.commands[index_of(Command::REFab)] = 1;
  const double per_window = 800 * pcs / m.t.nREFI;  // refreshes the pseudo-channels owe in 800 cycles
  ASSERT_GT(per_window, 2);
  const size_t n = size_t(std::llround(per_window));
  paid.refresh_cycles.assign(n, 500);                         // inside the first step's window
  paid.refresh_cycles.insert(paid.refresh_cycles.end(), n, 1700);  // inside the second's
  const StepExtrapolation f = extrapolate_steps(paid, st, m, false);
  EXPECT_NEAR(f.steady_GBps, 32 / ns, 0.01 * 32 / ns);
}

// Only the groups of the streams asked for keep a profile: a trace's groups keep their span
// alone, so millions of them cost what they did.
TEST(StepExtrapolation, OnlyLlmStreamsGroupsKeepAProfile) {
  RunStatsCollector c(test::hbm3e());
  c.profile_groups_of(1);
  for (uint32_t stream : {1u, 2u}) {
    const uint64_t group = (uint64_t(stream) << 32) | 0;
    c.on_request_done({0, 10, 90, false, StreamClass::WEIGHT, group, port_of(stream, StreamClass::WEIGHT), 2});
  }
  EXPECT_EQ(c.stats().groups.at(uint64_t(1) << 32).delivered.total(), 64u);
  EXPECT_EQ(c.stats().groups.at(uint64_t(2) << 32).delivered.total(), 0u);
  EXPECT_EQ(c.stats().groups.at(uint64_t(2) << 32).last_done, 90u);
}

}  // namespace
}  // namespace aimc
