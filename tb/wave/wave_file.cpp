#include "tb/wave/wave_file.h"

#include "models/params/config_error.h"

#include "tb/wave/fst_wave_file.h"
#include "tb/wave/vcd_wave_file.h"

namespace aimc {

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::unique_ptr<WaveFile> open_wave_file(const std::string& path) {
  if (ends_with(path, ".fst")) return std::make_unique<FstWaveFile>(path);
  if (ends_with(path, ".vcd")) return std::make_unique<VcdWaveFile>(path);
  throw ConfigError(path, 0, "", "a waveform file must end in .fst or .vcd");
}

void write_bits(uint64_t value, int bits, char* out) {
  for (int i = 0; i < bits; ++i) out[bits - 1 - i] = i < 64 && ((value >> i) & 1) ? '1' : '0';
}

std::string to_bit_string(uint64_t value, int bits) {
  std::string s(size_t(bits), '0');
  write_bits(value, bits, s.data());
  return s;
}

}  // namespace aimc
