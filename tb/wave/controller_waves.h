// ControllerWaves: the waveform of a controller run, as the testbench sees it at the
// controller's ports, so that every backend (C++ model, TLM, Verilated RTL) dumps the same
// signals under the same names. Per channel `chNN`:
//   row_valid row_cmd row_pc row_bank row_addr row_request      the row command bus
//   col_valid col_cmd col_pc col_bank col_row col_column col_request   the column command bus
// and per pseudo-channel `pcN`:
//   queue_reads queue_writes     accesses holding a queue slot (taken, column not yet issued)
//   data_valid data              the data burst on the DQ bus ("RD 123": request 123)
//   bgG_baB_state bgG_baB_row    the bank as the command bus leaves it: closed / open / refresh
//                                (for nRFCab or nRFCpb after REF), and its open row (x if none)
// At the top, `power_mw`: the stack's average power over each window of `power_window`
// cycles (docs/energy.md), written at the window's end; absent without a power section.
// Idle buses show valid 0 and command "-"; their fields hold the last command's (x where a
// field does not apply, e.g. the bank of a PREA). Times are picoseconds (cycle x tCK).
// Only the window [from, until) is written; the signals' values at `from` open it.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/params/memspec.h"
#include "tb/sim/rtl_package.h"
#include "tb/wave/power_trace.h"
#include "tb/wave/wave_file.h"

namespace aimc {

struct WaveWindow {
  Cycle from = 0;
  Cycle until = kNever;
  double power_window_ns = 100;  // the averaging window of power_mw
};

class ControllerWaves : public ControllerListener {
 public:
  // Declares the signals in `out` under the scope `top`.
  ControllerWaves(WaveFile& out, const MemSpec& spec, const std::string& top, WaveWindow window = {});

  void on_access_queued(const Access& a, Cycle now) override;
  void on_command(const CommandRecord& r) override;
  // Writes what is pending up to `end` (the run's last cycle).
  void finish(Cycle end);
  // The first cycle a command went to `channel` (kNever if none): where a layout opens its view.
  Cycle first_command(int channel) const { return first_command_[size_t(channel)]; }
  // Cycles a command's name stays on its bus signal (unless the next command comes first), so
  // that it reads at a working zoom; `valid` still marks the command's own cycle.
  static constexpr Cycle kCommandNameCycles = 4;

 private:
  struct Bus {
    WaveVar valid, cmd, pc, bank, row, column, request;
  };
  struct Bank {
    WaveVar state, row;
  };
  struct PseudoChannel {
    WaveVar queue_reads, queue_writes, data_valid, data;
    std::vector<Bank> banks;
    int reads = 0, writes = 0;
  };
  struct Channel {
    Bus row_bus, col_bus;
    std::vector<PseudoChannel> pcs;
  };
  // A signal's value: a number, all x, or text.
  struct Value {
    enum Kind : uint8_t { Number, Unknown, Text } kind = Unknown;
    uint64_t number = 0;
    std::string text;
    bool operator==(const Value& o) const { return kind == o.kind && number == o.number && text == o.text; }
  };
  struct Scheduled {
    Cycle cycle;
    uint64_t order;  // among changes of one cycle: scheduled first, applied first
    int var;
    Value value;
    bool unless_set_later = false;  // dropped if the signal was set after this was scheduled
    bool operator>(const Scheduled& o) const { return cycle != o.cycle ? cycle > o.cycle : order > o.order; }
  };

  WaveVar declare(const std::string& name, int bits, Value initial);
  Bus declare_bus(bool column);
  void set(WaveVar v, Value value) {
    last_set_[size_t(v.id)] = scheduled_count_++;
    pending_.emplace_back(v.id, std::move(value));
  }
  void set_at(Cycle cycle, WaveVar v, Value value);
  void advance_to(Cycle cycle);
  bool past_window(Cycle cycle);  // at or after the window's end: brings the dump to it
  void flush();
  void write_all();
  void write_value(int var);
  void drive_bus(const Bus& bus, const CommandRecord& r, int bank_id);
  void drive_banks(const CommandRecord& r, int bank_id);
  void set_bank(const Bank& b, const char* state, Value row);
  void write_power(Cycle upto);
  void write_bandwidth(Cycle upto);  // schedules power_mw for every window ended by `upto`

  WaveFile& out_;
  MemSpec spec_;
  RtlWidths widths_;  // field widths as the RTL's ports have them
  WaveWindow window_;
  bool window_closed_ = false;  // past_window() has brought the dump to the window's end
  std::vector<Channel> channels_;
  std::unique_ptr<PowerTrace> power_;  // null without a power section
  WaveVar power_mw_;
  // bandwidth_GBps: bytes of the column commands issued in each window of power_window_ns.
  WaveVar bandwidth_;
  Cycle bandwidth_window_ = 1;
  Cycle bandwidth_window_start_ = 0;
  uint64_t bandwidth_bytes_ = 0;
  std::vector<Value> values_;  // every signal's current value, by variable id
  std::vector<int> bits_;
  std::vector<std::pair<int, Value>> pending_;  // changes at now_, in order
  std::vector<Value> old_values_;               // flush(): values before this cycle's changes
  std::vector<uint64_t> touched_at_;            // flush(): the flush that last touched a signal
  std::vector<int> touched_;
  uint64_t flush_count_ = 0;
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<Scheduled>> scheduled_;
  uint64_t scheduled_count_ = 1;  // 0 in last_set_: never set
  std::vector<uint64_t> last_set_;  // by variable id: scheduled_count_ at its last immediate set
  std::vector<Cycle> first_command_;  // by channel
  Cycle now_ = 0;
  bool started_ = false;  // the window's opening values are written
};

}  // namespace aimc
