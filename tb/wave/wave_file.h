// WaveFile: the waveform writer the testbench dumps through, one interface over the formats
// engineers open in GTKWave or Surfer: FST (compressed, fstapi from Verilator's GTKWave
// sources) and VCD (text). Times are integer picoseconds. Declare every scope and signal
// first, then call time() with non-decreasing times, each followed by that time's changes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace aimc {

// A declared signal: bits > 0 is a bit vector, bits == 0 a text signal.
struct WaveVar {
  int id = -1;
  int bits = 0;
};

class WaveFile {
 public:
  virtual ~WaveFile() = default;
  // A line of the file's header (the part simulated, for one); before the first time().
  virtual void comment(const std::string& text) = 0;
  virtual void push_scope(const std::string& name) = 0;
  virtual void pop_scope() = 0;
  virtual WaveVar add_var(const std::string& name, int bits) = 0;
  virtual void time(uint64_t t_ps) = 0;
  virtual void value(WaveVar v, uint64_t value) = 0;
  virtual void unknown(WaveVar v) = 0;  // all bits x
  virtual void text(WaveVar v, const std::string& s) = 0;
  // Flushes and closes; further calls are errors. The destructor closes too.
  virtual void close() = 0;
};

// Opens PATH for writing; the format follows its extension (.fst or .vcd). Throws ConfigError
// when the extension is neither, std::runtime_error when the file cannot be made.
std::unique_ptr<WaveFile> open_wave_file(const std::string& path);

// The bit string of the low `bits` bits of value, most significant first.
std::string to_bit_string(uint64_t value, int bits);
// The same written to out[0 .. bits) (no terminator), with no allocation: the writers call it
// for every value change.
void write_bits(uint64_t value, int bits, char* out);

}  // namespace aimc
