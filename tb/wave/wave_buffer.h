// WaveBuffer: a WaveFile kept in memory, so that dumps made one after the other (the model's
// run, then the RTL's) can be written into one file side by side: write_merged() replays each
// buffer's scopes and signals, then all their changes in time order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tb/wave/wave_file.h"

namespace aimc {

class WaveBuffer : public WaveFile {
 public:
  void comment(const std::string& text) override;
  void push_scope(const std::string& name) override;
  void pop_scope() override;
  WaveVar add_var(const std::string& name, int bits) override;
  void time(uint64_t t_ps) override;
  void value(WaveVar v, uint64_t value) override;
  void unknown(WaveVar v) override;
  void text(WaveVar v, const std::string& s) override;
  void close() override {}
  // Every signal declared so far: its full dotted name (scopes and name) and bits (0: text).
  std::vector<std::pair<std::string, int>> signals() const;

 private:
  friend void write_merged(WaveFile& out, const std::vector<const WaveBuffer*>& buffers);
  enum class Kind : uint8_t { Comment, PushScope, PopScope, Var };
  struct Definition {
    Kind kind;
    std::string name;
    int bits = 0;
  };
  enum class ChangeKind : uint8_t { Value, Unknown, Text };
  struct Change {
    uint64_t time;
    int var;
    ChangeKind kind;
    uint64_t value;
    std::string text;
  };
  std::vector<Definition> definitions_;
  std::vector<int> bits_;  // per variable id
  std::vector<Change> changes_;
  uint64_t now_ = 0;
};

// Writes every buffer's definitions (in order) and their changes merged by time into out.
void write_merged(WaveFile& out, const std::vector<const WaveBuffer*>& buffers);

}  // namespace aimc
