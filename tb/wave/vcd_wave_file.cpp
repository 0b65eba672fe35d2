#include "tb/wave/vcd_wave_file.h"

#include <stdexcept>

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
  std::fprintf(out_, "$version aimc $end\n$timescale 1ps $end\n");
}

VcdWaveFile::~VcdWaveFile() {
  if (out_) std::fclose(out_);
}

void VcdWaveFile::comment(const std::string& text) { std::fprintf(out_, "$comment %s $end\n", text.c_str()); }

void VcdWaveFile::push_scope(const std::string& name) { std::fprintf(out_, "$scope module %s $end\n", name.c_str()); }

void VcdWaveFile::pop_scope() { std::fprintf(out_, "$upscope $end\n"); }

WaveVar VcdWaveFile::add_var(const std::string& name, int bits) {
  if (definitions_done_) throw std::logic_error("VcdWaveFile: variable declared after the first time step");
  const WaveVar v{int(codes_.size()), bits};
  codes_.push_back(identifier_code(codes_.size()));
  if (bits == 0) {
    std::fprintf(out_, "$var string 1 %s %s $end\n", codes_.back().c_str(), name.c_str());
  } else {
    std::fprintf(out_, "$var wire %d %s %s $end\n", bits, codes_.back().c_str(), name.c_str());
  }
  return v;
}

void VcdWaveFile::end_definitions() {
  std::fprintf(out_, "$enddefinitions $end\n");
  definitions_done_ = true;
}

void VcdWaveFile::time(uint64_t t_ps) {
  if (!definitions_done_) end_definitions();
  std::fprintf(out_, "#%llu\n", static_cast<unsigned long long>(t_ps));
}

void VcdWaveFile::value(WaveVar v, uint64_t value) {
  const std::string& code = codes_[size_t(v.id)];
  if (v.bits == 1) {
    std::fprintf(out_, "%d%s\n", int(value & 1), code.c_str());
  } else {
    std::fprintf(out_, "b%s %s\n", to_bit_string(value, v.bits).c_str(), code.c_str());
  }
}

void VcdWaveFile::unknown(WaveVar v) {
  const std::string& code = codes_[size_t(v.id)];
  if (v.bits == 1) {
    std::fprintf(out_, "x%s\n", code.c_str());
  } else {
    std::fprintf(out_, "bx %s\n", code.c_str());
  }
}

void VcdWaveFile::text(WaveVar v, const std::string& s) {
  std::fprintf(out_, "s%s %s\n", vcd_string(s).c_str(), codes_[size_t(v.id)].c_str());
}

void VcdWaveFile::close() {
  if (!out_) return;
  if (!definitions_done_) end_definitions();
  const bool failed = std::ferror(out_) != 0;
  std::fclose(out_);
  out_ = nullptr;
  if (failed) throw std::runtime_error(path_ + ": write error");
}

}  // namespace aimc
