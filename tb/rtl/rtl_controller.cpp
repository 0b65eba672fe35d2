#include "tb/rtl/rtl_controller.h"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "Vaimc_channel_ctrl.h"
#include "models/params/config_error.h"
#include "tb/device/access_data.h"
#include "tb/rtl/rtl_bits.h"
#include "tb/sim/usable_cpus.h"
#include "verilated.h"

namespace aimc {

namespace {

void require(bool ok, const std::string& origin, const std::string& field, const std::string& what) {
  if (!ok) throw ConfigError(origin, 0, field, what + " (the Verilated RTL cannot run this configuration)");
}

void check_fits(const MemSpec& spec, const ControllerConfig& cfg, const std::string& origin) {
  const RtlWidths w = rtl_widths(spec.org);
  require(spec.org.pseudo_channels == kRtlPseudoChannels, spec.source_file, "organization.pseudo_channels",
          "the RTL package has " + std::to_string(kRtlPseudoChannels) + " pseudo-channels per channel");
  require(spec.org.banks_per_group == kRtlBanksPerGroup, spec.source_file, "organization.banks_per_group",
          "the RTL package has " + std::to_string(kRtlBanksPerGroup) + " banks per bank group");
  require(spec.org.banks_per_pc() <= kRtlBanksPerPc, spec.source_file, "organization.stack_ids",
          "the RTL package has at most " + std::to_string(kRtlBanksPerPc) + " banks per pseudo-channel");
  require(w.row <= kRtlBuiltWidths.row, spec.source_file, "organization.rows", "rows exceed the RTL's row field");
  require(w.column <= kRtlBuiltWidths.column, spec.source_file, "organization.columns",
          "columns exceed the RTL's column field");
  require(spec.org.access_bytes == kRtlDataBytes, spec.source_file, "organization.access_bytes",
          "the RTL's data path moves " + std::to_string(kRtlDataBytes) + " B per access");
  for (const TimingRule& r : build_timing_rules(spec.t)) {
    require(r.latency < (1 << kRtlTimerWidth), spec.source_file, "timing", "a latency exceeds the RTL's timers");
  }
  for (const int latency : {spec.t.nCL + spec.t.nBL, spec.t.nCWL + spec.t.nBL}) {
    require(latency > 0 && latency < kRtlResponseWheel, spec.source_file, "timing.nCL",
            "CL (or CWL) plus the burst must be below " + std::to_string(kRtlResponseWheel) +
                " cycles, the RTL's response wheel");
  }
  require(cfg.power_down_after_ns == 0, origin, "controller.power_down_after_ns",
          "power-down is modelled in the C++ controller only; the RTL has none (set it to 0 to compare)");
  require(cfg.queue_depth == kRtlQueueDepth, origin, "controller.queue_depth",
          "the RTL is Verilated with queue depth " + std::to_string(kRtlQueueDepth) + ", not " +
              std::to_string(cfg.queue_depth));
  require(cfg.request_lanes == kRtlLanes, origin, "controller.request_lanes",
          "the RTL is Verilated with " + std::to_string(kRtlLanes) + " request lanes, not " +
              std::to_string(cfg.request_lanes));
  // ai_aware's waits are cycle counts compared against the RTL's 32-bit cycle counter.
  const std::pair<const char*, double> waits[] = {
      {"controller.ai_aware.age_limit_ns", cfg.ai_aware.age_limit_ns},
      {"controller.ai_aware.preempt_after_ns", cfg.ai_aware.preempt_after_ns},
      {"controller.ai_aware.refresh_after_kv_quiet_ns", cfg.ai_aware.refresh_after_kv_quiet_ns},
      {"controller.ai_aware.best_effort_row_hold_ns", cfg.ai_aware.best_effort_row_hold_ns}};
  for (const auto& [field, ns] : waits) {
    require(cycles_covering(ns, spec.tCK_ps) < (uint64_t{1} << kRtlTimeWidth), origin, field,
            "is more cycles than the RTL's 32-bit cycle counter holds");
  }
}
}  // namespace

struct RtlController::Channel {
  // A context of its own: channels are clocked on several threads at once.
  VerilatedContext context;
  Vaimc_channel_ctrl dut{&context};
  struct Entry {
    Access access;
    bool issued = false;  // its column command went out; the response is due
  };
  std::unordered_map<uint32_t, Entry> in_queue;  // by the RTL's 32-bit sequence number
  int lanes_used = 0;                             // request lanes driven this cycle
  std::deque<std::pair<Cycle, BurstData>> read_data;  // from the device, by the cycle it is on the bus
};

RtlController::RtlController(const MemSpec& spec, const ControllerConfig& cfg, ControllerListener& listener,
                             const std::string& origin, int threads)
    : spec_(spec), map_(spec.org, cfg.address_map), listener_(listener) {
  check_fits(spec, cfg, origin);
  pool_ = std::make_unique<LockstepPool>(std::min(threads > 0 ? threads : usable_cpus(), spec.org.channels));
  for (int c = 0; c < spec.org.channels; ++c) {
    channels_.push_back(std::make_unique<Channel>());
    Vaimc_channel_ctrl& d = channels_.back()->dut;
    load_channel_config(d, spec, cfg);
    reset(d);
  }
}

RtlController::~RtlController() = default;

bool RtlController::offer(uint64_t request_id, bool is_write, StreamClass cls, Cycle arrival, const DramAddress& a,
                          Cycle now) {
  if (now < cycle_) throw std::logic_error("RtlController: offer for a cycle already run");
  run_until(now);
  Channel& ch = *channels_[size_t(a.channel)];
  if (ch.lanes_used == kRtlLanes) throw std::logic_error("RtlController: more offers than lanes in one cycle");
  const int lane = ch.lanes_used++;
  // The RTL's sequence numbers are 32 bits and 0 means "no access" on row_seq_o: skip the
  // values whose low bits are 0, and refuse to run on when one would name two queued accesses.
  if (uint32_t(next_seq_) == 0) ++next_seq_;
  if (ch.in_queue.count(uint32_t(next_seq_)) != 0) {
    throw std::runtime_error("RtlController: the RTL's 32-bit sequence numbers wrapped onto a queued access");
  }
  Vaimc_channel_ctrl& d = ch.dut;
  const int bank_id = a.bank_group * spec_.org.banks_per_group + a.bank;
  set_lane(d.enq_valid_i, lane, 1, 1);
  set_lane(d.enq_pc_i, lane, kRtlBuiltWidths.pseudo_channel, uint32_t(a.pseudo_channel));
  set_lane(d.enq_bank_i, lane, kRtlBuiltWidths.bank_id, uint32_t(bank_id));
  set_lane(d.enq_row_i, lane, kRtlBuiltWidths.row, uint32_t(a.row));
  set_lane(d.enq_column_i, lane, kRtlBuiltWidths.column, uint32_t(a.column));
  set_lane(d.enq_write_i, lane, 1, is_write);
  set_lane(d.enq_class_i, lane, kRtlBuiltWidths.stream_class, uint32_t(cls));
  set_lane(d.enq_seq_i, lane, kRtlSeqWidth, uint32_t(next_seq_));
  set_lane(d.enq_arrival_i, lane, kRtlTimeWidth, uint32_t(arrival));
  // A write carries the testbench's data for its request into the RTL, every byte enabled.
  set_burst(d.enq_wdata_i, lane, is_write ? write_data(request_id, a) : BurstData{});
  set_lane(d.enq_wstrb_i, lane, kRtlDataBytes, is_write ? 0xFFFFFFFFu : 0u);
  d.eval();
  if (!((d.enq_accept_o >> lane) & 1)) return false;
  Access acc;
  acc.seq = next_seq_++;
  acc.request_id = request_id;
  acc.arrival = now + 1;
  acc.addr = a;
  acc.bank_id = bank_id;
  acc.is_write = is_write;
  acc.stream_class = cls;
  ch.in_queue[uint32_t(acc.seq)] = {acc, false};
  ++queued_;
  listener_.on_access_queued(acc, now);
  return true;
}

void RtlController::advance(Cycle now) { run_until(now + 1); }

Cycle RtlController::next_event() const { return cycle_ + idle_span(); }

Cycle RtlController::idle_span() const {
  if (!idle_skip_) return 0;
  Cycle span = kNever;
  for (const auto& ch : channels_) {
    if (ch->lanes_used > 0) return 0;  // an access offered this cycle
    span = std::min<Cycle>(span, ch->dut.idle_cycles_o);
  }
  return span;
}

void RtlController::run_until(Cycle end) {
  while (cycle_ < end) {
    const Cycle span = std::min(idle_span(), end - cycle_);
    if (span > 1) {
      skip_cycles(span);
    } else {
      run_cycle();
    }
  }
}

void RtlController::skip_cycles(Cycle n) {
  for (size_t c = 0; c < channels_.size(); ++c) report(*channels_[c], int(c));  // nothing, being idle
  if (internals_) internals_->sample(cycle_);
  pool_->run(channels_.size(), [this, n](size_t c) {
    Vaimc_channel_ctrl& d = channels_[c]->dut;
    d.skip_i = uint16_t(n - 1);
    clock(d);
    d.skip_i = 0;
  });
  cycle_ += n;
  ++edges_;
}

// What a channel does this cycle, as the C++ controller reports it: the column command first,
// then the row command (an access's commands carry the access's address), then the responses.
void RtlController::report(Channel& ch, int channel) {
  Vaimc_channel_ctrl& d = ch.dut;
  if (d.col_valid_o) {
    auto it = ch.in_queue.find(d.col_seq_o);
    if (it == ch.in_queue.end() || it->second.issued) {
      throw std::runtime_error("RTL issued a column command for an unknown access");
    }
    const Access& a = it->second.access;
    const Command cmd = Command(d.col_cmd_o);
    if (int(d.col_pc_o) != a.addr.pseudo_channel || int(d.col_bank_o) != a.bank_id || int64_t(d.col_row_o) != a.addr.row ||
        int(d.col_column_o) != a.addr.column || is_write(cmd) != a.is_write) {
      throw std::runtime_error("RTL column command at cycle " + std::to_string(cycle_) + " does not match access " +
                               std::to_string(a.seq));
    }
    // The data path: a WR's data and byte enables as the RTL puts them on the bus; a RD's data
    // comes back from the device through read_data().
    CommandData data;
    if (is_write(cmd)) {
      data.write = get_burst(d.col_wdata_o);
      data.write_strobes = d.col_wstrb_o;
    } else {
      data.read_sink = this;
    }
    CommandRecord record{cycle_, cmd, a.addr, a.request_id};
    record.data = &data;
    listener_.on_command(record);
    it->second.issued = true;
    last_column_cycle_ = cycle_;
  }
  if (d.row_valid_o) {
    const Command cmd = Command(d.row_cmd_o);
    const bool for_access = cmd == Command::ACT || (cmd == Command::PRE && d.row_seq_o != 0);
    DramAddress addr;
    uint64_t request = kNoRequest;
    if (for_access) {
      auto it = ch.in_queue.find(d.row_seq_o);
      if (it == ch.in_queue.end()) throw std::runtime_error("RTL issued a row command for an unknown access");
      Access& a = it->second.access;
      (cmd == Command::ACT ? a.caused_act : a.caused_pre) = true;
      addr = a.addr;
      request = a.request_id;
    } else {  // refresh: PREA, REFab, or per-bank PRE / REFpb
      addr.channel = channel;
      addr.pseudo_channel = int(d.row_pc_o);
      if (!is_pc_wide(cmd)) {
        addr.bank_group = int(d.row_bank_o) / spec_.org.banks_per_group;
        addr.bank = int(d.row_bank_o) % spec_.org.banks_per_group;
      }
    }
    listener_.on_command({cycle_, cmd, addr, request});
  }
  if (d.rd_rsp_valid_o) respond(ch, d.rd_rsp_seq_o, false);
  if (d.wr_rsp_valid_o) respond(ch, d.wr_rsp_seq_o, true);
}

// The response port answered access `seq` this cycle: its last data beat has moved.
void RtlController::respond(Channel& ch, uint32_t seq, bool write) {
  auto it = ch.in_queue.find(seq);
  if (it == ch.in_queue.end() || !it->second.issued || it->second.access.is_write != write) {
    throw std::runtime_error("RTL answered access " + std::to_string(seq) + " at cycle " + std::to_string(cycle_) +
                             ", which has no column command outstanding");
  }
  const Access a = it->second.access;
  const RowOutcome outcome = a.caused_pre ? RowOutcome::Conflict : a.caused_act ? RowOutcome::Miss : RowOutcome::Hit;
  ch.in_queue.erase(it);
  --queued_;
  if (!write) listener_.on_read_data(a, get_burst(ch.dut.rd_rsp_data_o), cycle_);
  listener_.on_access_done(a, outcome, cycle_);
}

void RtlController::read_data(const CommandRecord& rd, const BurstData& data, Cycle on_bus) {
  if (on_bus < cycle_) throw std::logic_error("RtlController: read data for a cycle already run");
  channels_[size_t(rd.addr.channel)]->read_data.emplace_back(on_bus, data);
}

void RtlController::dump_internals(const RtlWaveRequest& request) {
  if (request.channel < 0 || request.channel >= int(channels_.size())) {
    throw std::invalid_argument("RtlController: no channel " + std::to_string(request.channel) + " to dump");
  }
  internals_ = std::make_unique<RtlInternalWaves>(request, spec_, channels_[size_t(request.channel)]->context);
}

// Reports in channel order on this thread (the listener sees one sequence whatever the
// threads), then the clock edge of every channel, spread over the pool.
void RtlController::run_cycle() {
  for (size_t c = 0; c < channels_.size(); ++c) report(*channels_[c], int(c));
  // The device's read data on the DQ bus this cycle (one burst per channel at most: one column
  // command per cycle, each nCL before its data).
  for (auto& ch : channels_) {
    Vaimc_channel_ctrl& d = ch->dut;
    d.rd_data_valid_i = !ch->read_data.empty() && ch->read_data.front().first == cycle_;
    if (d.rd_data_valid_i) {
      set_burst(d.rd_data_i, 0, ch->read_data.front().second);
      ch->read_data.pop_front();
    }
  }
  // The outputs and state of this cycle, before its clock edge.
  if (internals_) internals_->sample(cycle_);
  pool_->run(channels_.size(), [this](size_t c) {
    Channel& ch = *channels_[c];
    clock(ch.dut);
    ch.dut.enq_valid_i = 0;
    ch.lanes_used = 0;
  });
  ++cycle_;
  ++edges_;
}

}  // namespace aimc
