// Writes synthetic native traces: a sequential stream or uniform-random addresses, with a
// given read share, request size and spacing; or write-read pairs (random addresses, each
// written and read back at the same time: the same-location order hazard). Used by the benchmarks and tests, and by
// `aimc gen-trace` for users who need a quick workload.
#pragma once

#include <cstdint>
#include <string>

namespace aimc {

enum class SyntheticPattern { Sequential, Random, WriteReadPairs };

struct SyntheticTraceSpec {
  SyntheticPattern pattern = SyntheticPattern::Sequential;
  uint64_t requests = 0;
  double read_fraction = 1.0;  // share of reads, 0..1 (write-read pairs: always one half)
  uint32_t bytes = 64;         // per request; random addresses are aligned to it
  uint64_t interval_ps = 0;    // arrival spacing; 0 = all at time 0 (saturating)
  uint64_t seed = 1;
  uint64_t capacity_bytes = 0;  // address space to draw from
};

void write_synthetic_trace(const std::string& path, const SyntheticTraceSpec& spec);  // throws runtime_error

}  // namespace aimc
