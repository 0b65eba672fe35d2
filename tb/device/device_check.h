// DeviceCheck: what `--check` attaches to a run, whichever backend: the HBM3E device model
// (protocol assertions, data array) and the read-data scoreboard, with one report.
#pragma once

#include <string>
#include <vector>

#include "tb/device/data_scoreboard.h"
#include "tb/device/hbm_device.h"

namespace aimc {

class DeviceCheck {
 public:
  DeviceCheck(const MemSpec& spec, RefreshPolicy refresh) : device_(spec, refresh, scoreboard_) {}
  // The scoreboard first: it must see an access taken before the device sees its command.
  std::vector<ControllerListener*> listeners() { return {&scoreboard_, &device_}; }
  // At the end of a complete run (`end`: its last cycle).
  void finish(Cycle end);
  bool passed() const { return device_.checker().violations().empty() && scoreboard_.mismatches().empty(); }
  // "protocol check: ... / data check: ..." lines; the first violations and mismatches in full.
  std::string report(size_t shown = 20) const;

  const HbmDevice& device() const { return device_; }
  const DataScoreboard& scoreboard() const { return scoreboard_; }

 private:
  DataScoreboard scoreboard_;
  HbmDevice device_;
};

}  // namespace aimc
