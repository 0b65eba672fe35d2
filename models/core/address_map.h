// AddressMap: physical byte address <-> DramAddress of one 32 B access. A mixed-radix
// decomposition over the configured slice order (a stack ID, SID, is one of its fields),
// optionally XOR-hashing low row bits into the bank group and bank. With several stacks, blocks of stack_interleave_bytes go to the
// stacks in turn, and each stack decomposes its own blocks. Both directions are exact inverses (tests/unit/address_map_test).
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
  // kBankGroup is the group within its SID here; DramAddress numbers groups across SIDs.
  enum Field { kChannel, kPseudoChannel, kSid, kBankGroup, kBank, kRow, kColumn, kNumFields };
  struct Digit {
    Field field;
    uint64_t radix;
    int shift;  // log2(radix) when it is a power of two (a shift and a mask decode it), else -1
  };
  int64_t get(const DramAddress& a, Field f) const;
  int64_t bank_hash(int64_t row, Field f) const;
  DramAddress decode_in_stack(uint64_t addr) const;
  uint64_t encode_in_stack(const DramAddress& a) const;

  std::vector<Digit> digits_;
  uint64_t capacity_;
  int access_bytes_;
  int bank_group_bits_;
  int64_t bank_groups_;
  int64_t banks_per_group_;
  bool xor_hash_;
  // Several stacks: block-interleaved, stack_bytes_ per block.
  uint64_t stacks_ = 1;
  uint64_t stack_bytes_ = 0;
  int channels_per_stack_ = 0;
};

}  // namespace aimc
