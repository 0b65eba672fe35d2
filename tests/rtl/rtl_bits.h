// Bit access into Verilator's wide (VlWide) port values: element i of a packed array of
// `width`-bit fields sits at bits [i * width, i * width + width).
#pragma once

#include <cstdint>

namespace aimc {

template <typename Wide>
void set_bits(Wide& w, int lsb, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) {
    const int bit = lsb + i;
    const uint32_t mask = 1u << (bit % 32);
    if ((value >> i) & 1u) {
      w[bit / 32] |= mask;
    } else {
      w[bit / 32] &= ~mask;
    }
  }
}

template <typename Wide>
bool get_bit(const Wide& w, int bit) {
  return (w[bit / 32] >> (bit % 32)) & 1u;
}

}  // namespace aimc
