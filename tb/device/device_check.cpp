#include "tb/device/device_check.h"

#include <fmt/format.h>

namespace aimc {

void DeviceCheck::finish(Cycle end) {
  device_.checker().finish(end);
  scoreboard_.finish(device_.memory());
}

std::string DeviceCheck::report(size_t shown) const {
  std::string out;
  const std::vector<Violation>& v = device_.checker().violations();
  for (size_t i = 0; i < v.size() && i < shown; ++i) {
    // Command n of the run (counted from 1) is line n + 1 of its --cmd-trace CSV (after the header).
    const std::string at = v[i].command < 0 ? v[i].where : fmt::format("command {} ({})", v[i].command + 1, v[i].where);
    out += fmt::format("violation  {:<24} {}: {}\n", v[i].rule, at, v[i].message);
  }
  if (v.size() > shown) out += fmt::format("... {} more violations\n", v.size() - shown);
  const std::vector<DataMismatch>& m = scoreboard_.mismatches();
  for (size_t i = 0; i < m.size() && i < shown; ++i) out += fmt::format("data mismatch  {}\n", m[i].message);
  if (m.size() > shown) out += fmt::format("... {} more data mismatches\n", m.size() - shown);
  out += fmt::format("protocol check: {} commands, {} violations\n", device_.checker().commands_checked(), v.size());
  out += fmt::format("data check:     {} reads checked, {} writes stored, {} mismatches\n",
                     scoreboard_.reads_checked(), device_.writes(), m.size());
  return out;
}

}  // namespace aimc
