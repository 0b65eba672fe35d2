#include "tb/wave/vcd_wave_file.h"

#include <cstring>
#include <stdexcept>
#include <string_view>

namespace aimc {

namespace {
// VCD identifier codes: base-94 numbers over the printable characters '!'..'~'.
std::string identifier_code(size_t n) {
  std::string s;
  do {
    s += char('!' + n % 94);
    n /= 94;
  } while (n > 0);
  return s;
}

// VCD strings end at whitespace; GTKWave shows '_' well enough in their place.
std::string vcd_string(const std::string& s) {
  std::string r = s.empty() ? std::string("-") : s;
  for (char& c : r) {
    if (c == ' ' || c == '\t' || c == '\n') c = '_';
  }
  return r;
}
}  // namespace

VcdWaveFile::VcdWaveFile(const std::string& path) : path_(path), out_(std::fopen(path.c_str(), "w")) {
  if (!out_) throw std::runtime_error(path + ": cannot create the waveform file");
  put("$version aimc $end\n$timescale 1ps $end\n");
}

VcdWaveFile::~VcdWaveFile() {
  if (!out_) return;
  write_buffer();
  std::fclose(out_);
}

// Text goes through a large buffer: a dump has a line per value change.
void VcdWaveFile::put(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kBufferBytes) write_buffer();
}

void VcdWaveFile::write_buffer() {
  std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
  buffer_.clear();
}

void VcdWaveFile::comment(const std::string& text) {
  put("$comment ");
  put(text);
  put(" $end\n");
}

void VcdWaveFile::push_scope(const std::string& name) {
  put("$scope module ");
  put(name);
  put(" $end\n");
}

void VcdWaveFile::pop_scope() { put("$upscope $end\n"); }

WaveVar VcdWaveFile::add_var(const std::string& name, int bits) {
  if (definitions_done_) throw std::logic_error("VcdWaveFile: variable declared after the first time step");
  const WaveVar v{int(codes_.size()), bits};
  codes_.push_back(identifier_code(codes_.size()));
  if (bits == 0) {
    put("$var string 1 ");
  } else {
    put("$var wire " + std::to_string(bits) + " ");
  }
  put(codes_.back());
  put(" ");
  put(name);
  put(" $end\n");
  return v;
}

void VcdWaveFile::end_definitions() {
  put("$enddefinitions $end\n");
  definitions_done_ = true;
}

void VcdWaveFile::time(uint64_t t_ps) {
  if (!definitions_done_) end_definitions();
  put("#");
  put(std::to_string(t_ps));
  put("\n");
}

void VcdWaveFile::value(WaveVar v, uint64_t value) {
  const std::string& code = codes_[size_t(v.id)];
  if (v.bits == 1) {
    put(value & 1 ? "1" : "0");
  } else if (v.bits > 64) {
    put("b" + to_bit_string(value, v.bits) + " ");
  } else {
    char bits[66];
    bits[0] = 'b';
    write_bits(value, v.bits, bits + 1);
    bits[v.bits + 1] = ' ';
    put(std::string_view(bits, size_t(v.bits) + 2));
  }
  put(code);
  put("\n");
}

void VcdWaveFile::unknown(WaveVar v) {
  put(v.bits == 1 ? "x" : "bx ");
  put(codes_[size_t(v.id)]);
  put("\n");
}

void VcdWaveFile::text(WaveVar v, const std::string& s) {
  put("s");
  put(vcd_string(s));
  put(" ");
  put(codes_[size_t(v.id)]);
  put("\n");
}

void VcdWaveFile::close() {
  if (!out_) return;
  if (!definitions_done_) end_definitions();
  write_buffer();
  const bool failed = std::ferror(out_) != 0;
  std::fclose(out_);
  out_ = nullptr;
  if (failed) throw std::runtime_error(path_ + ": write error");
}

}  // namespace aimc
