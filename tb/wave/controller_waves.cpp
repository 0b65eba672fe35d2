#include "tb/wave/controller_waves.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace aimc {

namespace {
constexpr int kRequestBits = 64;
constexpr int kQueueBits = 16;
}  // namespace

ControllerWaves::ControllerWaves(WaveFile& out, const MemSpec& spec, const std::string& top, WaveWindow window)
    : out_(out), spec_(spec), widths_(rtl_widths(spec.org)), window_(window) {
  const Organization& org = spec.org;
  first_command_.assign(size_t(org.channels), kNever);
  out_.comment("memspec " + spec.describe());
  out_.push_scope(top);
  if (spec.power.given) {
    power_ = std::make_unique<PowerTrace>(spec, Cycle(cycles_covering(window.power_window_ns, spec.tCK_ps)));
    power_mw_ = declare("power_mw", 32, {Value::Number, 0, {}});
  }
  bandwidth_ = declare("bandwidth_GBps", 32, {Value::Number, 0, {}});
  bandwidth_window_ = std::max<Cycle>(1, Cycle(cycles_covering(window.power_window_ns, spec.tCK_ps)));
  for (int c = 0; c < org.channels; ++c) {
    out_.push_scope(fmt::format("ch{:02}", c));
    Channel ch;
    ch.row_bus = declare_bus(false);
    ch.col_bus = declare_bus(true);
    for (int p = 0; p < org.pseudo_channels; ++p) {
      out_.push_scope(fmt::format("pc{}", p));
      PseudoChannel pc;
      pc.queue_reads = declare("queue_reads", kQueueBits, {Value::Number, 0, {}});
      pc.queue_writes = declare("queue_writes", kQueueBits, {Value::Number, 0, {}});
      pc.data_valid = declare("data_valid", 1, {Value::Number, 0, {}});
      pc.data = declare("data", 0, {Value::Text, 0, "-"});
      for (int g = 0; g < org.bank_groups_per_pc(); ++g) {
        for (int b = 0; b < org.banks_per_group; ++b) {
          Bank bank;
          bank.state = declare(org.bank_label(g, b) + "_state", 0, {Value::Text, 0, "closed"});
          bank.row = declare(org.bank_label(g, b) + "_row", widths_.row, {});
          pc.banks.push_back(bank);
        }
      }
      ch.pcs.push_back(std::move(pc));
      out_.pop_scope();
    }
    channels_.push_back(std::move(ch));
    out_.pop_scope();
  }
  out_.pop_scope();
}

WaveVar ControllerWaves::declare(const std::string& name, int bits, Value initial) {
  const WaveVar v = out_.add_var(name, bits);
  values_.push_back(std::move(initial));
  old_values_.emplace_back();
  touched_at_.push_back(~uint64_t(0));
  bits_.push_back(bits);
  last_set_.push_back(0);
  return v;
}

ControllerWaves::Bus ControllerWaves::declare_bus(bool column) {
  const std::string p = column ? "col_" : "row_";
  Bus b;
  b.valid = declare(p + "valid", 1, {Value::Number, 0, {}});
  b.cmd = declare(p + "cmd", 0, {Value::Text, 0, "-"});
  b.pc = declare(p + "pc", widths_.pseudo_channel, {});
  b.bank = declare(p + "bank", widths_.bank_id, {});
  b.row = declare(column ? "col_row" : "row_addr", widths_.row, {});
  if (column) b.column = declare("col_column", widths_.column, {});
  b.request = declare(p + "request", kRequestBits, {});
  return b;
}

void ControllerWaves::set_at(Cycle cycle, WaveVar v, Value value) {
  scheduled_.push({cycle, scheduled_count_++, v.id, std::move(value)});
}

// Moves the dump's clock to `cycle`: writes the changes of the cycles before it, applying
// the scheduled ones (burst ends, refresh ends, bus idles) at their own cycles.
void ControllerWaves::advance_to(Cycle cycle) {
  while (now_ < cycle) {
    flush();
    Cycle next = scheduled_.empty() ? cycle : std::min(cycle, scheduled_.top().cycle);
    if (!started_ && now_ < window_.from) next = std::min(next, window_.from);  // open the window on time
    now_ = std::max(now_ + 1, next);
    while (!scheduled_.empty() && scheduled_.top().cycle <= now_) {
      const Scheduled& e = scheduled_.top();
      if (!e.unless_set_later || last_set_[size_t(e.var)] < e.order) pending_.emplace_back(e.var, e.value);
      scheduled_.pop();
    }
  }
}

void ControllerWaves::flush() {
  const bool in_window = now_ >= window_.from && now_ < window_.until;
  // A signal set several times in one cycle shows its last value once.
  touched_.clear();
  for (auto& [var, value] : pending_) {
    if (touched_at_[size_t(var)] != flush_count_) {
      touched_at_[size_t(var)] = flush_count_;
      old_values_[size_t(var)] = values_[size_t(var)];
      touched_.push_back(var);
    }
    values_[size_t(var)] = std::move(value);
  }
  pending_.clear();
  ++flush_count_;
  if (!in_window) return;
  if (!started_) {
    write_all();
    return;
  }
  bool time_written = false;
  for (int var : touched_) {
    const Value& val = values_[size_t(var)];
    if (val == old_values_[size_t(var)]) continue;
    if (!time_written) out_.time(spec_.cycle_ps(now_));
    time_written = true;
    write_value(var);
  }
}

void ControllerWaves::write_value(int var) {
  const WaveVar v{var, bits_[size_t(var)]};
  const Value& val = values_[size_t(var)];
  switch (val.kind) {
    case Value::Number: out_.value(v, val.number); break;
    case Value::Unknown: out_.unknown(v); break;
    case Value::Text: out_.text(v, val.text); break;
  }
}

// Opens the window: every signal's value at its first cycle.
void ControllerWaves::write_all() {
  started_ = true;
  out_.time(spec_.cycle_ps(now_));
  for (size_t i = 0; i < values_.size(); ++i) write_value(int(i));
}

// Past the window's end nothing more is written: the dump is brought to its end once, and the
// rest of the run costs the waveform nothing.
bool ControllerWaves::past_window(Cycle cycle) {
  if (cycle < window_.until) return false;
  if (window_closed_) return true;
  window_closed_ = true;
  write_power(window_.until);  // the averaging windows that end inside the dump
  write_bandwidth(window_.until);
  advance_to(window_.until);
  return true;
}

void ControllerWaves::on_access_queued(const Access& a, Cycle now) {
  if (past_window(now)) return;
  advance_to(now);
  PseudoChannel& pc = channels_[size_t(a.addr.channel)].pcs[size_t(a.addr.pseudo_channel)];
  if (a.is_write) {
    set(pc.queue_writes, {Value::Number, uint64_t(++pc.writes), {}});
  } else {
    set(pc.queue_reads, {Value::Number, uint64_t(++pc.reads), {}});
  }
}

void ControllerWaves::write_power(Cycle upto) {
  if (!power_) return;
  Cycle end = 0;
  uint64_t mw = 0;
  while (power_->next_window(upto, end, mw)) set_at(end, power_mw_, {Value::Number, mw, {}});
}

// Every window of bandwidth_window_ that ended by `upto`: its bytes over its time (B/ns = GB/s).
void ControllerWaves::write_bandwidth(Cycle upto) {
  const double window_ns = double(bandwidth_window_) * spec_.tCK_ps / 1000.0;
  while (bandwidth_window_start_ + bandwidth_window_ <= upto) {
    bandwidth_window_start_ += bandwidth_window_;
    const auto gbps = uint64_t(std::llround(double(bandwidth_bytes_) / window_ns));
    set_at(bandwidth_window_start_, bandwidth_, {Value::Number, gbps, {}});
    bandwidth_bytes_ = 0;
  }
}

void ControllerWaves::on_command(const CommandRecord& r) {
  Cycle& first = first_command_[size_t(r.addr.channel)];
  first = std::min(first, r.cycle);
  if (past_window(r.cycle)) return;
  write_power(r.cycle);
  if (power_) power_->on_command(r);
  write_bandwidth(r.cycle);
  if (is_column(r.command)) bandwidth_bytes_ += uint64_t(spec_.org.access_bytes);
  advance_to(r.cycle);
  const int bank_id = r.addr.bank_group * spec_.org.banks_per_group + r.addr.bank;
  Channel& ch = channels_[size_t(r.addr.channel)];
  drive_bus(is_column(r.command) ? ch.col_bus : ch.row_bus, r, bank_id);
  drive_banks(r, bank_id);
  if (!is_column(r.command)) return;
  PseudoChannel& pc = ch.pcs[size_t(r.addr.pseudo_channel)];
  const bool write = is_write(r.command);
  if (write) {
    set(pc.queue_writes, {Value::Number, uint64_t(--pc.writes), {}});
  } else {
    set(pc.queue_reads, {Value::Number, uint64_t(--pc.reads), {}});
  }
  const Cycle data = r.cycle + Cycle(write ? spec_.t.nCWL : spec_.t.nCL);
  set_at(data, pc.data_valid, {Value::Number, 1, {}});
  set_at(data, pc.data, {Value::Text, 0, fmt::format("{} {}", write ? "WR" : "RD", r.request)});
  set_at(data + Cycle(spec_.t.nBL), pc.data_valid, {Value::Number, 0, {}});
  set_at(data + Cycle(spec_.t.nBL), pc.data, {Value::Text, 0, "-"});
}

// The command for one cycle on its bus: valid and the command name drop the next cycle unless
// another command comes; the address fields hold until the next command, easier to read.
void ControllerWaves::drive_bus(const Bus& bus, const CommandRecord& r, int bank_id) {
  const bool pc_wide = is_pc_wide(r.command);
  const bool has_row = r.command == Command::ACT || is_column(r.command);
  const auto number = [](uint64_t n) { return Value{Value::Number, n, {}}; };
  set(bus.valid, number(1));
  set(bus.cmd, {Value::Text, 0, std::string(name_of(r.command))});
  set(bus.pc, number(uint64_t(r.addr.pseudo_channel)));
  set(bus.bank, pc_wide ? Value{} : number(uint64_t(bank_id)));
  set(bus.row, has_row ? number(uint64_t(r.addr.row)) : Value{});
  if (is_column(r.command)) set(bus.column, number(uint64_t(r.addr.column)));
  set(bus.request, r.request == kNoRequest ? Value{} : number(r.request));
  const Cycle idle = r.cycle + 1;
  set_at(idle, bus.valid, number(0));
  const Cycle occupancy = r.command == Command::ACT ? Cycle(spec_.t.nACT_CMD) : 1;
  scheduled_.push({r.cycle + std::max(occupancy, kCommandNameCycles), scheduled_count_++, bus.cmd.id,
                   {Value::Text, 0, "-"}, /*unless_set_later=*/true});
}

void ControllerWaves::set_bank(const Bank& b, const char* state, Value row) {
  set(b.state, {Value::Text, 0, state});
  set(b.row, std::move(row));
}

void ControllerWaves::drive_banks(const CommandRecord& r, int bank_id) {
  std::vector<Bank>& banks = channels_[size_t(r.addr.channel)].pcs[size_t(r.addr.pseudo_channel)].banks;
  const Value closed_state{Value::Text, 0, "closed"};
  switch (r.command) {
    case Command::ACT: set_bank(banks[size_t(bank_id)], "open", {Value::Number, uint64_t(r.addr.row), {}}); break;
    case Command::PRE:
    case Command::RDA:
    case Command::WRA: set_bank(banks[size_t(bank_id)], "closed", {}); break;
    case Command::PREA:
      for (const Bank& b : banks) set_bank(b, "closed", {});
      break;
    case Command::REFab:
      for (const Bank& b : banks) {
        set_bank(b, "refresh", {});
        set_at(r.cycle + Cycle(spec_.t.nRFCab), b.state, closed_state);
      }
      break;
    case Command::REFpb:
      set_bank(banks[size_t(bank_id)], "refresh", {});
      set_at(r.cycle + Cycle(spec_.t.nRFCpb), banks[size_t(bank_id)].state, closed_state);
      break;
    case Command::RD:
    case Command::WR:
    case Command::PDE:  // the banks keep their state; the row bus shows the PDE and the PDX
    case Command::PDX: break;
  }
}

void ControllerWaves::finish(Cycle end) {
  if (past_window(end)) {
    flush();
    return;
  }
  write_power(end);
  write_bandwidth(end);
  advance_to(end);
  flush();
}

}  // namespace aimc
