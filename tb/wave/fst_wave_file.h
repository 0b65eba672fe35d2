// FstWaveFile: WaveFile as FST, GTKWave's compressed format (also read by Surfer), written with
// the fstapi that ships in Verilator's include directory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tb/wave/wave_file.h"

namespace aimc {

class FstWaveFile : public WaveFile {
 public:
  explicit FstWaveFile(const std::string& path);
  ~FstWaveFile() override;
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
  std::string path_;
  void* ctx_ = nullptr;
  std::vector<uint32_t> handles_;  // fstHandle per variable id
  std::string bits_;               // reused value buffer
};

}  // namespace aimc
