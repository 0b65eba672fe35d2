#include "tb/sim/energy_report.h"

#include <algorithm>

namespace aimc {
double command_energy_pj(Command c, const MemSpec& m) {
  const PowerSpec& p = m.power;
  const double bits = 8.0 * m.org.access_bytes;
  switch (c) {
    case Command::ACT: return p.act_pj;
    case Command::RD: case Command::RDA: return p.read_pj + bits * p.io_read_pj_per_bit;
    case Command::WR: case Command::WRA: return p.write_pj + bits * p.io_write_pj_per_bit;
    case Command::REFab: return p.refab_pj;
    case Command::REFpb: return p.refpb_pj;
    default: return 0;
  }
}

namespace {

// Activations, reads and writes, each at its command's energy (column with I/O).
double access_pj(const MemSpec& m, uint64_t reads, uint64_t writes, uint64_t activations) {
  return double(activations) * command_energy_pj(Command::ACT, m) + double(reads) * command_energy_pj(Command::RD, m) +
         double(writes) * command_energy_pj(Command::WR, m);
}

}  // namespace

double background_mw(const PowerSpec& p, BackgroundState state) {
  switch (state) {
    case kActiveStandby: return p.active_standby_mw;
    case kPrechargedStandby: return p.precharged_standby_mw;
    case kActivePowerDown: return p.active_powerdown_mw;
    default: return p.precharged_powerdown_mw;
  }
}

EnergyBreakdown energy_of(const RunStats& s, const MemSpec& m) {
  EnergyBreakdown e;
  const PowerSpec& p = m.power;
  if (!p.given) return e;
  e.available = true;
  auto count = [&](Command c) { return double(s.commands[index_of(c)]); };
  const uint64_t bits = 8 * uint64_t(m.org.access_bytes);
  e.read_bits = s.read_accesses * bits;
  e.write_bits = s.write_accesses * bits;
  e.activation_pj = count(Command::ACT) * p.act_pj;
  e.read_core_pj = double(s.read_accesses) * p.read_pj;
  e.write_core_pj = double(s.write_accesses) * p.write_pj;
  e.io_pj = double(e.read_bits) * p.io_read_pj_per_bit + double(e.write_bits) * p.io_write_pj_per_bit;
  e.refresh_pj = count(Command::REFab) * p.refab_pj + count(Command::REFpb) * p.refpb_pj;
  // Background over the simulated time, [0, last_done]: mW x ns = pJ.
  const double tck_ns = m.tCK_ps / 1000.0;
  e.simulated_ns = double(s.last_done) * tck_ns;
  e.background_estimated = !s.energy.bank_state_seen;
  for (BankTime pc : s.energy.pcs) {
    pc.advance(s.last_done);
    // Commands after the last access completed (a refresh) fall outside the simulated time:
    // that time comes off precharged standby first.
    Cycle excess = pc.since - s.last_done;
    for (size_t k : {size_t(kPrechargedStandby), size_t(kActiveStandby), size_t(kPrechargedPowerDown),
                     size_t(kActivePowerDown)}) {
      const Cycle cut = std::min(excess, pc.cycles[k]);
      pc.cycles[k] -= cut;
      excess -= cut;
    }
    for (size_t k = 0; k < kNumBackgroundStates; ++k) {
      e.background_pj += double(pc.cycles[k]) * tck_ns * background_mw(p, BackgroundState(k));
      if (k >= kActivePowerDown) e.powered_down_ns += double(pc.cycles[k]) * tck_ns;
    }
  }
  return e;
}

double stream_energy_pj(const StreamTotals& st, const EnergyBreakdown& e, const MemSpec& m, uint64_t total_bytes) {
  if (!e.available) return 0;
  const double share = total_bytes > 0 ? double(st.bytes) / double(total_bytes) : 0.0;
  return access_pj(m, st.read_accesses, st.write_accesses, st.activations) + share * e.static_pj();
}

double class_energy_pj(const EnergyCounts& c, int stream_class, const MemSpec& m) {
  const size_t k = size_t(stream_class);
  return access_pj(m, c.accesses[k][0], c.accesses[k][1], c.activations[k]);
}

nlohmann::json energy_json(const EnergyBreakdown& e, const RunStats& s, const MemSpec& m) {
  if (!e.available) return nullptr;
  nlohmann::json by_class;
  for (int c = 0; c < kNumStreamClasses; ++c) {
    if (s.energy.accesses[size_t(c)][0] + s.energy.accesses[size_t(c)][1] == 0) continue;
    by_class[std::string(kStreamClassNames[size_t(c)])] = {{"dynamic_pJ", class_energy_pj(s.energy, c, m)}};
  }
  auto per_bit = [](double pj, uint64_t bits) { return bits > 0 ? nlohmann::json(pj / double(bits)) : nlohmann::json(nullptr); };
  const double read_pj = e.read_core_pj + double(e.read_bits) * m.power.io_read_pj_per_bit;
  const double write_pj = e.write_core_pj + double(e.write_bits) * m.power.io_write_pj_per_bit;
  return {{"total_pJ", e.total_pj()},
          {"average_power_W", e.watts()},
          {"power_per_stack_W", e.watts() / m.org.stacks},
          {"pJ_per_bit", per_bit(e.total_pj(), e.read_bits + e.write_bits)},
          {"read_pJ_per_bit", per_bit(read_pj, e.read_bits)},
          {"write_pJ_per_bit", per_bit(write_pj, e.write_bits)},
          {"components_pJ",
           {{"activation", e.activation_pj},
            {"read_core", e.read_core_pj},
            {"write_core", e.write_core_pj},
            {"io", e.io_pj},
            {"background", e.background_pj},
            {"refresh", e.refresh_pj}}},
          {"background_estimated", e.background_estimated},
          {"powered_down_fraction", e.powered_down_fraction(m)},
          {"class_dynamic", by_class}};
}

}  // namespace aimc
