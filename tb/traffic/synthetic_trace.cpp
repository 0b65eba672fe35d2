#include "tb/traffic/synthetic_trace.h"

#include <fmt/format.h>

#include <cstdio>
#include <random>
#include <stdexcept>

namespace aimc {

void write_synthetic_trace(const std::string& path, const SyntheticTraceSpec& s) {
  if (s.bytes == 0 || s.capacity_bytes < s.bytes) throw std::invalid_argument("gen-trace: bad request size");
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) throw std::runtime_error(path + ": cannot open for writing");
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  const uint64_t slots = s.capacity_bytes / s.bytes;
  std::uniform_int_distribution<uint64_t> slot(0, slots - 1);
  fmt::memory_buffer buf;
  fmt::format_to(std::back_inserter(buf), "# aimc native trace: time_ps op address bytes\n");
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
    fmt::format_to(std::back_inserter(buf), "{} {} 0x{:x} {}\n", time, write ? 'W' : 'R', addr, s.bytes);
    if (buf.size() > (1u << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  // A full disk shows as a stream error or a failed close; either loses the trace.
  const bool failed = std::ferror(f) != 0;
  if (std::fclose(f) != 0 || failed) throw std::runtime_error(path + ": write failed (disk full?)");
}

}  // namespace aimc
