#include "models/core/address_map.h"

#include <stdexcept>

namespace aimc {
namespace {

int log2_exact(uint64_t v) {
  int b = 0;
  while ((uint64_t{1} << b) < v) ++b;
  return b;
}

}  // namespace

AddressMap::AddressMap(const Organization& org, const AddressMapConfig& cfg)
    : capacity_(org.capacity_bytes()),
      access_bytes_(org.access_bytes),
      bank_group_bits_(log2_exact(uint64_t(org.bank_groups))),
      bank_groups_(org.bank_groups),
      banks_per_group_(org.banks_per_group),
      xor_hash_(cfg.xor_bank_hash),
      stacks_(uint64_t(org.stacks)),
      stack_bytes_(cfg.stack_interleave_bytes),
      channels_per_stack_(org.channels_per_stack()) {
  if (stacks_ > 1) {
    const uint64_t stack_capacity = capacity_ / stacks_;
    if (stack_bytes_ == 0 || stack_bytes_ % uint64_t(access_bytes_) != 0 || stack_capacity % stack_bytes_ != 0) {
      throw std::invalid_argument("address map: the stack interleave must be a multiple of " +
                                  std::to_string(access_bytes_) + " B that divides a stack's capacity");
    }
  }
  const char* names[kNumFields] = {"channel", "pseudo_channel", "sid", "bank_group", "bank", "row", "column"};
  const uint64_t sizes[kNumFields] = {uint64_t(org.channels_per_stack()), uint64_t(org.pseudo_channels),
                                      uint64_t(org.stack_ids),           uint64_t(org.bank_groups),
                                      uint64_t(org.banks_per_group),     uint64_t(org.rows),
                                      uint64_t(org.columns)};
  uint64_t covered[kNumFields] = {1, 1, 1, 1, 1, 1, 1};
  bool closed[kNumFields] = {};
  for (const AddressSlice& s : cfg.slices) {
    int f = 0;
    while (f < kNumFields && s.field != names[f]) ++f;
    if (f == kNumFields) throw std::invalid_argument("address map: unknown field '" + s.field + "'");
    if (closed[f]) throw std::invalid_argument("address map: field '" + s.field + "' appears after its last slice");
    uint64_t radix = 0;
    if (s.bits == 0) {
      if (sizes[f] % covered[f] != 0) throw std::invalid_argument("address map: field '" + s.field + "' cannot be split evenly");
      radix = sizes[f] / covered[f];
      closed[f] = true;
    } else {
      if (s.bits < 0 || s.bits > 32) throw std::invalid_argument("address map: bad bit count for '" + s.field + "'");
      radix = uint64_t{1} << s.bits;
      if (sizes[f] % (covered[f] * radix) != 0) {
        throw std::invalid_argument("address map: '" + s.field + "' slice of " + std::to_string(s.bits) +
                                    " bits does not divide its " + std::to_string(sizes[f]) + " values");
      }
    }
    covered[f] *= radix;
    if (covered[f] == sizes[f]) closed[f] = true;
    if (radix > 1) {
      const bool power_of_two = (radix & (radix - 1)) == 0;
      digits_.push_back({static_cast<Field>(f), radix, power_of_two ? __builtin_ctzll(radix) : -1});
    }
  }
  for (int f = 0; f < kNumFields; ++f) {
    if (covered[f] != sizes[f]) {
      throw std::invalid_argument(std::string("address map: field '") + names[f] + "' is not fully covered");
    }
  }
}

int64_t AddressMap::get(const DramAddress& a, Field f) const {
  switch (f) {
    case kChannel: return a.channel;
    case kPseudoChannel: return a.pseudo_channel;
    case kSid: return a.bank_group / bank_groups_;
    case kBankGroup: return a.bank_group % bank_groups_;
    case kBank: return a.bank;
    case kRow: return a.row;
    case kColumn: return a.column;
    default: return 0;
  }
}

// XOR hashing: bank group takes the lowest row bits, bank the next ones. The hash depends on
// the row only, so decode can undo it once the row is known.
int64_t AddressMap::bank_hash(int64_t row, Field f) const {
  if (!xor_hash_) return 0;
  if (f == kBankGroup) return row & (bank_groups_ - 1);
  return (row >> bank_group_bits_) & (banks_per_group_ - 1);
}

DramAddress AddressMap::decode(uint64_t addr) const {
  if (stacks_ == 1) return decode_in_stack(addr);
  const uint64_t block = addr / stack_bytes_;
  const uint64_t stack = block % stacks_;
  DramAddress a = decode_in_stack(block / stacks_ * stack_bytes_ + addr % stack_bytes_);
  a.channel += int(stack) * channels_per_stack_;
  return a;
}

uint64_t AddressMap::encode(const DramAddress& in) const {
  if (stacks_ == 1) return encode_in_stack(in);
  DramAddress a = in;
  const auto stack = uint64_t(a.channel / channels_per_stack_);
  a.channel %= channels_per_stack_;
  const uint64_t local = encode_in_stack(a);
  return (local / stack_bytes_ * stacks_ + stack) * stack_bytes_ + local % stack_bytes_;
}

DramAddress AddressMap::decode_in_stack(uint64_t addr) const {
  uint64_t idx = addr / uint64_t(access_bytes_);
  int64_t value[kNumFields] = {};
  uint64_t scale[kNumFields] = {1, 1, 1, 1, 1, 1, 1};
  for (const Digit& d : digits_) {
    // Every decode goes through here (one per 32 B access): shifts where the radix allows.
    const uint64_t digit = d.shift >= 0 ? idx & (d.radix - 1) : idx % d.radix;
    value[d.field] += int64_t(digit * scale[d.field]);
    scale[d.field] *= d.radix;
    idx = d.shift >= 0 ? idx >> d.shift : idx / d.radix;
  }
  DramAddress a;
  a.channel = int(value[kChannel]);
  a.pseudo_channel = int(value[kPseudoChannel]);
  a.bank_group = int(value[kSid] * bank_groups_ + (value[kBankGroup] ^ bank_hash(value[kRow], kBankGroup)));
  a.bank = int(value[kBank]);
  a.row = value[kRow];
  a.column = int(value[kColumn]);
  a.bank ^= int(bank_hash(a.row, kBank));
  return a;
}

uint64_t AddressMap::encode_in_stack(const DramAddress& in) const {
  DramAddress a = in;
  a.bank_group = int(a.bank_group ^ bank_hash(a.row, kBankGroup));
  a.bank = int(a.bank ^ bank_hash(a.row, kBank));
  uint64_t remaining[kNumFields];
  for (int f = 0; f < kNumFields; ++f) remaining[f] = uint64_t(get(a, Field(f)));
  uint64_t idx = 0;
  uint64_t weight = 1;
  for (const Digit& d : digits_) {
    idx += (remaining[d.field] % d.radix) * weight;
    remaining[d.field] /= d.radix;
    weight *= d.radix;
  }
  return idx * uint64_t(access_bytes_);
}

}  // namespace aimc
