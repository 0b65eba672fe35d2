#include "tb/wave/power_trace.h"

#include <algorithm>
#include <cmath>

#include "tb/sim/energy_report.h"

namespace aimc {

PowerTrace::PowerTrace(const MemSpec& spec, Cycle window)
    : spec_(spec), window_(std::max<Cycle>(window, 1)), pcs_(size_t(spec.org.channels * spec.org.pseudo_channels)) {}

void PowerTrace::add_background(Pc& pc, Cycle upto) {
  if (upto <= pc.since) return;
  const PowerSpec& p = spec_.power;
  const double mw = background_mw(p, background_state(pc.open_banks, pc.powered_down));
  energy_pj_ += double(upto - pc.since) * spec_.tCK_ps / 1000.0 * mw;
  pc.since = upto;
}

void PowerTrace::on_command(const CommandRecord& r) {
  energy_pj_ += command_energy_pj(r.command, spec_);
  const int delta = open_banks_change(r.command, spec_.org.banks_per_pc());
  if (delta == 0 && !is_power_down(r.command)) return;
  Pc& pc = pcs_[size_t(r.addr.channel * spec_.org.pseudo_channels + r.addr.pseudo_channel)];
  add_background(pc, r.cycle);
  pc.open_banks = std::max(0, pc.open_banks + delta);
  if (is_power_down(r.command)) pc.powered_down = r.command == Command::PDE;
}

bool PowerTrace::next_window(Cycle upto, Cycle& end, uint64_t& milliwatts) {
  end = window_start_ + window_;
  if (end > upto) return false;
  for (Pc& pc : pcs_) add_background(pc, end);
  // pJ over ns is mW.
  milliwatts = uint64_t(std::llround(energy_pj_ / (double(window_) * spec_.tCK_ps / 1000.0)));
  energy_pj_ = 0;
  window_start_ = end;
  return true;
}

}  // namespace aimc
