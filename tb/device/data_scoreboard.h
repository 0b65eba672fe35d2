// DataScoreboard: checks every read's data against what the controller's ordering contract
// says it must be. The reference is a plain memory updated in the order the request ports
// take accesses: a read must return the data of the last write to its location taken before
// it (or the initial zeros). A read served before an older write to the same location, a
// write lost or misdirected, a read of the wrong column: each shows up as a mismatch naming
// the request, the location, whose data came back and whose was expected. At the end the
// device's whole memory is compared with the reference, which catches writes reordered
// among themselves even when no read looks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/core/flat_hash_map.h"
#include "models/core/mix64.h"
#include "tb/device/access_data.h"

namespace aimc {

struct DataMismatch {
  Cycle cycle;          // when the data came back
  uint64_t request;
  std::string message;  // full sentence
};

class DataScoreboard : public ControllerListener {
 public:
  void on_access_queued(const Access& a, Cycle now) override;
  // A read's data as a controller with a data path answered it: checked as check_read.
  void on_read_data(const Access& a, const BurstData& data, Cycle cycle) override {
    check_read(a.request_id, a.addr, data, cycle);
  }
  // The device's read data for request `request` at `a`, on the bus at `cycle`.
  void check_read(uint64_t request, const DramAddress& a, const AccessData& data, Cycle cycle);
  // At the end of a complete run: reads taken but never answered are mismatches, and so is
  // every location where the device's memory differs from the reference (a write that
  // overtook an older write to its location, or went to another one).
  void finish(const FlatHashMap<uint64_t, AccessData>& device_memory);

  uint64_t reads_checked() const { return reads_checked_; }
  const std::vector<DataMismatch>& mismatches() const { return mismatches_; }

 private:
  struct Key {
    uint64_t request, location;
    bool operator==(const Key& o) const { return request == o.request && location == o.location; }
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return size_t(mix64(k.request * 0x9E3779B97F4A7C15ull + k.location)); }
  };
  struct Expected {
    AccessData data;
    DramAddress addr;
  };
  struct Stored {
    AccessData data;
    DramAddress addr;
  };
  FlatHashMap<uint64_t, Stored> reference_;  // location -> data, in port order
  FlatHashMap<Key, Expected, KeyHash> expected_;  // reads in flight
  std::vector<DataMismatch> mismatches_;
  uint64_t reads_checked_ = 0;
};

}  // namespace aimc
