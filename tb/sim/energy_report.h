// The energy of a run, from its command counts, the time each pseudo-channel held a row open and
// the memspec's per-operation energies (docs/energy.md). Components: activation (ACT with its
// PRE), column core (reads and writes in the array), I/O (bits across the interposer),
// background (open or precharged standby, over the simulated time) and refresh.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "models/params/memspec.h"
#include "tb/sim/run_stats.h"

namespace aimc {

struct EnergyBreakdown {
  bool available = false;  // the memspec has a power section
  double activation_pj = 0, read_core_pj = 0, write_core_pj = 0, io_pj = 0, background_pj = 0, refresh_pj = 0;
  double simulated_ns = 0;
  double powered_down_ns = 0;  // summed over pseudo-channels (controller.power_down_after_ns)
  uint64_t read_bits = 0, write_bits = 0;
  bool background_estimated = false;  // no command stream (lt): every bank counted as precharged

  double total_pj() const {
    return activation_pj + read_core_pj + write_core_pj + io_pj + background_pj + refresh_pj;
  }
  double static_pj() const { return background_pj + refresh_pj; }
  // The share of pseudo-channel time spent powered down.
  double powered_down_fraction(const MemSpec& m) const {
    const double pc_ns = simulated_ns * m.org.channels * m.org.pseudo_channels;
    return pc_ns > 0 ? powered_down_ns / pc_ns : 0.0;
  }
  double watts() const { return simulated_ns > 0 ? total_pj() / simulated_ns / 1000.0 : 0.0; }
  double pj_per_bit() const {
    const uint64_t bits = read_bits + write_bits;
    return bits > 0 ? total_pj() / double(bits) : 0.0;
  }
};

EnergyBreakdown energy_of(const RunStats& s, const MemSpec& m);
// A pseudo-channel's background power in one state, in mW.
double background_mw(const PowerSpec& p, BackgroundState state);
// The energy one command costs when it issues (an ACT with its PRE; a column with its I/O; a
// refresh); 0 for the rest and without a power section.
double command_energy_pj(Command c, const MemSpec& m);
// The energy of one stream: its own activations, columns and I/O, and a share of the
// background and refresh energy in proportion to the bytes it moved.
double stream_energy_pj(const StreamTotals& st, const EnergyBreakdown& e, const MemSpec& m, uint64_t total_bytes);
// The dynamic energy of one class's accesses (activations, columns, I/O).
double class_energy_pj(const EnergyCounts& c, int stream_class, const MemSpec& m);
nlohmann::json energy_json(const EnergyBreakdown& e, const RunStats& s, const MemSpec& m);

}  // namespace aimc
