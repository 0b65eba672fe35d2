// VcdWaveFile: WaveFile as IEEE 1364 VCD text, with GTKWave's string extension ($var string)
// for text signals.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tb/wave/wave_file.h"

namespace aimc {

class VcdWaveFile : public WaveFile {
 public:
  explicit VcdWaveFile(const std::string& path);
  ~VcdWaveFile() override;
  void comment(const std::string& text) override;
  void push_scope(const std::string& name) override;
  void pop_scope() override;
  WaveVar add_var(const std::string& name, int bits) override;
  void time(uint64_t t_ps) override;
  void value(WaveVar v, uint64_t value) override;
  void unknown(WaveVar v) override;
  void text(WaveVar v, const std::string& s) override;
  void close() override;

 private:
  void end_definitions();
  void put(std::string_view text);
  void write_buffer();

  static constexpr size_t kBufferBytes = size_t{1} << 20;
  std::string path_;
  std::FILE* out_ = nullptr;
  std::vector<std::string> codes_;  // VCD identifier code per variable id
  bool definitions_done_ = false;
  std::string buffer_;  // written out at kBufferBytes and on close
};

}  // namespace aimc
