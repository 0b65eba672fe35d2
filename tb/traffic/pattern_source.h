// PatternSource: streams of fixed-size requests with a simple address pattern: sequential or
// uniform random within a region, or the adversarial patterns that aim at one bank
// (row_conflicts: a new row of bank 0 / group 0 of a random pseudo-channel each time) or at one
// bank group (bank_group_hammer: random bank, row and column of group 0). Adversarial patterns
// build DRAM coordinates and map them back through the controller's address map, so they hit
// their target whatever the mapping.
#pragma once

#include <random>

#include "models/core/address_map.h"
#include "models/params/traffic_spec.h"
#include "tb/traffic/pacer.h"
#include "tb/traffic/request_source.h"

namespace aimc {

class PatternSource : public RequestSource {
 public:
  // region_begin/end in bytes; `map` and `org` are used by the adversarial kinds only.
  PatternSource(const StreamSpec& spec, uint64_t region_begin, uint64_t region_end, const Organization& org,
                const AddressMap& map);
  bool next(TraceRequest& out) override;
  double progress() const override { return spec_.requests ? double(emitted_) / double(spec_.requests) : 1.0; }

 private:
  uint64_t address();

  StreamSpec spec_;
  uint64_t begin_, slots_;
  Organization org_;
  const AddressMap& map_;
  Pacer pacer_;
  std::mt19937_64 rng_;
  uint64_t emitted_ = 0;
};

}  // namespace aimc
