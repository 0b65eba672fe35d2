#include "tb/device/access_data.h"

#include <fmt/format.h>

#include "models/core/mix64.h"

namespace aimc {

void merge_bytes(AccessData& into, const AccessData& from, uint32_t strobes) {
  for (int byte = 0; byte < int(sizeof(AccessData)); ++byte) {
    if (((strobes >> byte) & 1u) == 0) continue;
    const uint64_t mask = uint64_t{0xFF} << (8 * (byte % 8));
    uint64_t& word = into[size_t(byte / 8)];
    word = (word & ~mask) | (from[size_t(byte / 8)] & mask);
  }
}

uint64_t pack_location(const DramAddress& a) {
  // 8 bits channel, 4 pseudo-channel, 4 bank group, 4 bank, 32 row, 12 column.
  return uint64_t(a.channel) << 56 | uint64_t(a.pseudo_channel) << 52 | uint64_t(a.bank_group) << 48 |
         uint64_t(a.bank) << 44 | (uint64_t(a.row) & 0xFFFFFFFFull) << 12 | (uint64_t(a.column) & 0xFFFull);
}

AccessData write_data(uint64_t request, const DramAddress& a) {
  const uint64_t where = pack_location(a);
  const uint64_t check = mix64(request ^ mix64(where));
  return {request + 1, where, check, ~check};  // request + 1: request 0's data is not all zeros
}

AccessData initial_data(const DramAddress& a) {
  const uint64_t where = pack_location(a);
  const uint64_t check = mix64(~where);
  return {0, where, check, ~check};  // 0: no request wrote it (write_data's first word is request + 1)
}

std::string describe_data(const AccessData& d, const DramAddress& where) {
  if (d[0] == 0) {
    if (d[2] != mix64(~d[1]) || d[3] != ~d[2]) return "corrupt";
    return d[1] == pack_location(where) ? "initial (never written)" : "initial data of another address";
  }
  const uint64_t request = d[0] - 1;
  const uint64_t check = mix64(request ^ mix64(d[1]));
  if (d[2] != check || d[3] != ~check) return "corrupt";
  if (d[1] != pack_location(where)) return fmt::format("written by request {} for another address", request);
  return fmt::format("written by request {}", request);
}

}  // namespace aimc
