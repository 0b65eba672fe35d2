// The energy model: a hand-written command sequence gives the energy computed by hand from the
// memspec's per-operation figures; the components add up to the total; a stream's share adds up.
#include <gtest/gtest.h>

#include "tb/sim/energy_report.h"
#include "tb/sim/run_stats_collector.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

CommandRecord command(Command c, Cycle cycle, int channel, int pc, int bank = 0) {
  return {cycle, c, DramAddress{channel, pc, 0, bank, 0, 0}, kNoRequest};
}

Access access(bool is_write, StreamClass cls) {
  Access a;
  a.is_write = is_write;
  a.stream_class = cls;
  return a;
}

// Channel 0 pseudo-channel 0 opens two rows (cycles 100 and 120), reads three times, writes
// once, closes one bank at 400 and the other with a PREA at 600; pseudo-channel 1 refreshes
// once. The run ends at cycle 1000.
TEST(Energy, AHandWrittenSequenceCostsWhatTheFormulaSays) {
  const MemSpec m = test::hbm3e();
  ASSERT_TRUE(m.power.given);
  RunStatsCollector collector(m);
  collector.on_command(command(Command::ACT, 100, 0, 0, 0));
  collector.on_command(command(Command::ACT, 120, 0, 0, 1));
  for (Cycle c : {160, 170, 180}) collector.on_command(command(Command::RD, c, 0, 0));
  collector.on_command(command(Command::WR, 200, 0, 0, 1));
  collector.on_command(command(Command::PRE, 400, 0, 0, 0));
  collector.on_command(command(Command::PREA, 600, 0, 0));
  collector.on_command(command(Command::REFab, 700, 0, 1));
  collector.on_access_done(access(false, StreamClass::KV_READ), RowOutcome::Miss, 250);
  collector.on_access_done(access(false, StreamClass::KV_READ), RowOutcome::Hit, 260);
  collector.on_access_done(access(false, StreamClass::WEIGHT), RowOutcome::Hit, 270);
  collector.on_access_done(access(true, StreamClass::WEIGHT), RowOutcome::Miss, 1000);
  const RunStats& s = collector.stats();
  const EnergyBreakdown e = energy_of(s, m);

  const PowerSpec& p = m.power;
  const double tck_ns = m.tCK_ps / 1000.0;
  const double bits = 8.0 * m.org.access_bytes;
  EXPECT_NEAR(e.activation_pj, 2 * p.act_pj, 1e-6);
  EXPECT_NEAR(e.read_core_pj, 3 * p.read_pj, 1e-6);
  EXPECT_NEAR(e.write_core_pj, 1 * p.write_pj, 1e-6);
  EXPECT_NEAR(e.io_pj, 3 * bits * p.io_read_pj_per_bit + bits * p.io_write_pj_per_bit, 1e-6);
  EXPECT_NEAR(e.refresh_pj, p.refab_pj, 1e-6);
  // Pseudo-channel (0, 0) had a row open from cycle 100 to 600; every pseudo-channel is
  // precharged the rest of the 1000 cycles.
  const int pcs = m.org.channels * m.org.pseudo_channels;
  const double open_ns = 500 * tck_ns, run_ns = 1000 * tck_ns;
  const double background = open_ns * p.active_standby_mw + (run_ns - open_ns) * p.precharged_standby_mw +
                            (pcs - 1) * run_ns * p.precharged_standby_mw;
  EXPECT_NEAR(e.background_pj, background, 1e-6);
  EXPECT_FALSE(e.background_estimated);
  EXPECT_NEAR(e.total_pj(),
              e.activation_pj + e.read_core_pj + e.write_core_pj + e.io_pj + e.background_pj + e.refresh_pj, 1e-6);
  EXPECT_NEAR(e.watts(), e.total_pj() / run_ns / 1000.0, 1e-12);
  EXPECT_NEAR(e.pj_per_bit(), e.total_pj() / (4 * bits), 1e-9);

  // Per class: KV_READ opened one row and read twice; WEIGHT read once, and wrote once after an ACT.
  EXPECT_NEAR(class_energy_pj(s.energy, int(StreamClass::KV_READ), m), p.act_pj + 2 * (p.read_pj + bits * p.io_read_pj_per_bit),
              1e-6);
  EXPECT_NEAR(class_energy_pj(s.energy, int(StreamClass::WEIGHT), m),
              p.act_pj + p.read_pj + bits * p.io_read_pj_per_bit + p.write_pj + bits * p.io_write_pj_per_bit, 1e-6);
}

// Streams that split the traffic between them split the whole energy: their dynamic parts are
// their own and the static part goes by bytes, so the shares add up to the total.
TEST(Energy, StreamSharesAddUpToTheTotal) {
  const MemSpec m = test::hbm3e();
  RunStats s;
  s.last_done = 5000;
  s.read_accesses = 30, s.write_accesses = 10;
  s.commands[index_of(Command::ACT)] = 6;
  s.commands[index_of(Command::RD)] = 30;
  s.commands[index_of(Command::WR)] = 10;
  s.commands[index_of(Command::REFpb)] = 3;
  s.energy.pcs.assign(size_t(m.org.channels * m.org.pseudo_channels), BankTime{});
  StreamTotals a, b;
  a.read_accesses = 20, a.write_accesses = 0, a.activations = 4, a.bytes = 20 * 32;
  b.read_accesses = 10, b.write_accesses = 10, b.activations = 2, b.bytes = 20 * 32;
  const EnergyBreakdown e = energy_of(s, m);
  const uint64_t total_bytes = a.bytes + b.bytes;
  EXPECT_NEAR(stream_energy_pj(a, e, m, total_bytes) + stream_energy_pj(b, e, m, total_bytes), e.total_pj(), 1e-6);
}

// Power-down: pseudo-channel (0, 0) opens a row at 100, powers down at 200 with it open, wakes at
// 500, closes it at 600, powers down again at 700 (every bank closed) and is down at the run's
// end, 1000. Background: 100 active standby, 300 active power-down, 100 + 100 active standby,
// 100 precharged standby, 300 precharged power-down; the rest precharged standby.
TEST(Energy, PowerDownTimeCostsThePowerDownPower) {
  const MemSpec m = test::hbm3e();
  RunStatsCollector collector(m);
  collector.on_command(command(Command::ACT, 100, 0, 0, 0));
  collector.on_command(command(Command::PDE, 200, 0, 0));
  collector.on_command(command(Command::PDX, 500, 0, 0));
  collector.on_command(command(Command::PRE, 600, 0, 0, 0));
  collector.on_command(command(Command::PDE, 700, 0, 0));
  collector.on_access_done(access(false, StreamClass::KV_READ), RowOutcome::Miss, 1000);
  const EnergyBreakdown e = energy_of(collector.stats(), m);
  const PowerSpec& p = m.power;
  const double tck_ns = m.tCK_ps / 1000.0;
  const int pcs = m.org.channels * m.org.pseudo_channels;
  const double pc0 = 100 * p.precharged_standby_mw + 200 * p.active_standby_mw + 300 * p.active_powerdown_mw +
                     100 * p.precharged_standby_mw + 300 * p.precharged_powerdown_mw;
  EXPECT_NEAR(e.background_pj, (pc0 + (pcs - 1) * 1000 * p.precharged_standby_mw) * tck_ns, 1e-6);
  EXPECT_NEAR(e.powered_down_ns, 600 * tck_ns, 1e-9);
  EXPECT_NEAR(e.powered_down_fraction(m), 600.0 / (1000.0 * pcs), 1e-12);
}

TEST(Energy, AMemspecWithoutPowerReportsNone) {
  MemSpec m = test::hbm3e();
  m.power = PowerSpec{};
  EXPECT_FALSE(energy_of(RunStats{}, m).available);
}

}  // namespace
}  // namespace aimc
