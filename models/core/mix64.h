// mix64: splitmix64, a fast and well-mixed 64-bit hash (every input bit moves every output bit):
// hash tables' slots, reproducible pseudo-random layouts, test data patterns.
#pragma once

#include <cstdint>

namespace aimc {

inline uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace aimc
