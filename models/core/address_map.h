// AddressMap: physical byte address <-> DramAddress of one 32 B access. A mixed-radix
// decomposition over the configured slice order, optionally XOR-hashing low row bits into
// the bank group and bank. Both directions are exact inverses (tests/unit/address_map_test).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/command.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"

namespace aimc {

class AddressMap {
 public:
  // Throws std::invalid_argument naming the slice when the configuration is not a bijection.
  AddressMap(const Organization& org, const AddressMapConfig& cfg);

  uint64_t capacity_bytes() const { return capacity_; }
  int access_bytes() const { return access_bytes_; }
  // addr must be < capacity_bytes(); the offset within the 32 B access is dropped.
  DramAddress decode(uint64_t addr) const;
  uint64_t encode(const DramAddress& a) const;

 private:
  enum Field { kChannel, kPseudoChannel, kBankGroup, kBank, kRow, kColumn, kNumFields };
  struct Digit {
    Field field;
    uint64_t radix;
  };
  static int64_t get(const DramAddress& a, Field f);
  static void set(DramAddress& a, Field f, int64_t v);
  int64_t bank_hash(int64_t row, Field f) const;

  std::vector<Digit> digits_;
  uint64_t capacity_;
  int access_bytes_;
  int bank_group_bits_;
  int64_t bank_groups_;
  int64_t banks_per_group_;
  bool xor_hash_;
};

}  // namespace aimc
