// HbmDevice: the C++ HBM3E device model that answers a controller's commands, whichever
// backend issued them. Every command goes through the ProtocolChecker (bank state and every
// timing rule: the device's assertions); column commands move data: a WR stores its write data
// (AccessData) at its location, a RD returns what the location holds, on the DQ bus CL cycles
// later. A controller with a data path (the Verilated RTL) puts a WR's data and byte enables on
// the command (CommandRecord::data) and takes a RD's data back to answer it; for the others the
// WR's data is the testbench's for its request, and a RD's goes to the DataScoreboard directly.
#pragma once

#include <cstdint>

#include "models/core/controller_listener.h"
#include "models/core/flat_hash_map.h"
#include "tb/device/data_scoreboard.h"
#include "tb/protocol/protocol_checker.h"

namespace aimc {

class HbmDevice : public ControllerListener {
 public:
  HbmDevice(const MemSpec& spec, RefreshPolicy refresh, DataScoreboard& scoreboard);
  void on_command(const CommandRecord& r) override;

  const ProtocolChecker& checker() const { return checker_; }
  ProtocolChecker& checker() { return checker_; }
  uint64_t reads() const { return reads_; }
  uint64_t writes() const { return writes_; }
  size_t locations_written() const { return array_.size(); }
  const FlatHashMap<uint64_t, AccessData>& memory() const { return array_; }

 private:
  MemSpec spec_;
  ProtocolChecker checker_;
  DataScoreboard& scoreboard_;
  FlatHashMap<uint64_t, AccessData> array_;  // written locations only (24 GiB sparse)
  uint64_t reads_ = 0, writes_ = 0;
};

}  // namespace aimc
