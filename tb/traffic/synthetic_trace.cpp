#include "tb/traffic/synthetic_trace.h"

#include <random>
#include <stdexcept>

#include "tb/traffic/native_trace_writer.h"

namespace aimc {

void write_synthetic_trace(const std::string& path, const SyntheticTraceSpec& s) {
  if (s.bytes == 0 || s.capacity_bytes < s.bytes) throw std::invalid_argument("gen-trace: bad request size");
  NativeTraceWriter out(path, "aimc native trace: time_ps op address bytes");
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  const uint64_t slots = s.capacity_bytes / s.bytes;
  std::uniform_int_distribution<uint64_t> slot(0, slots - 1);
  uint64_t pair_addr = 0;
  for (uint64_t i = 0; i < s.requests; ++i) {
    bool write = false;
    uint64_t addr = 0, time = i * s.interval_ps;
    switch (s.pattern) {
      case SyntheticPattern::Sequential:
        write = coin(rng) >= s.read_fraction;
        addr = (i % slots) * s.bytes;
        break;
      case SyntheticPattern::Random:
        write = coin(rng) >= s.read_fraction;
        addr = slot(rng) * s.bytes;
        break;
      case SyntheticPattern::WriteReadPairs:
        write = i % 2 == 0;
        if (write) pair_addr = slot(rng) * s.bytes;
        addr = pair_addr;
        time = i / 2 * s.interval_ps;
        break;
    }
    out.write(time, write, addr, s.bytes);
  }
  out.close();
}

}  // namespace aimc
