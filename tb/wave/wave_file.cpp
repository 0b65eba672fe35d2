#include "tb/wave/wave_file.h"

#include <array>
#include <cstring>

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

// The eight characters of each byte value, most significant bit first.
constexpr std::array<std::array<char, 8>, 256> kByteBits = [] {
  std::array<std::array<char, 8>, 256> t{};
  for (int b = 0; b < 256; ++b) {
    for (int i = 0; i < 8; ++i) t[size_t(b)][size_t(7 - i)] = char('0' + ((b >> i) & 1));
  }
  return t;
}();

void write_bits(uint64_t value, int bits, char* out) {
  int i = bits;  // out[i - 8 .. i) holds the next byte up
  for (; i >= 8; i -= 8, value >>= 8) {
    std::memcpy(out + i - 8, kByteBits[value & 0xFF].data(), 8);
  }
  for (int k = 0; k < i; ++k) out[i - 1 - k] = char('0' + ((value >> k) & 1));
}

std::string to_bit_string(uint64_t value, int bits) {
  std::string s(size_t(bits), '0');
  write_bits(value, bits, s.data());
  return s;
}

}  // namespace aimc
