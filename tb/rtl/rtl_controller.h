// RtlController: the Verilated RTL (one aimc_channel_ctrl per channel) behind the same
// ControllerBackend interface as the C++ MemoryController, so the shared testbench (trace
// driver, request front end, listeners) drives either. It is the pin-level adapter: offer()
// drives a channel's request port (valid, address fields, class, sequence number, arrival)
// and reads its ready; advance() clocks every channel cycle by cycle and turns the command
// buses into CommandRecords and the response port into completed accesses (the RTL answers an
// access when its last data beat has moved: CL or CWL plus the burst after its column command).
//
// The RTL queue depth is the Verilated parameter (64); other configurations and organizations
// the package does not describe are refused with a ConfigError naming the field.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/core/controller_backend.h"
#include "models/core/controller_listener.h"
#include "models/params/controller_config.h"
#include "tb/rtl/lockstep_pool.h"
#include "tb/rtl/rtl_internal_waves.h"
#include "tb/sim/rtl_package.h"

namespace aimc {

// How aimc_channel_ctrl is Verilated: its parameters, and the package's widths (generated from the
// tallest preset, so that every preset fits; RtlPackage.BuiltWidthsAreTheCheckedInPackages
// checks them).
inline constexpr int kRtlQueueDepth = 64;
inline constexpr int kRtlLanes = 4;
inline constexpr int kRtlResponseWheel = 64;  // response latencies must be below it
inline constexpr int kRtlSeqWidth = 32, kRtlTimeWidth = 32;
inline constexpr int kRtlPseudoChannels = 2, kRtlBanksPerGroup = 4, kRtlBanksPerPc = 64;
inline constexpr int kRtlDataBytes = 32;  // one access's burst through the data path
inline constexpr RtlWidths kRtlBuiltWidths{1, 6, 15, 5, 3};

class RtlController : public ControllerBackend, private ReadDataSink {
 public:
  // `origin`: the file the configuration came from, for error messages. `threads`: how many
  // threads clock the channels (0: one per core; never more than the channels); the commands
  // and completions are the same for any number.
  RtlController(const MemSpec& spec, const ControllerConfig& cfg, ControllerListener& listener,
                const std::string& origin = "controller", int threads = 1);
  ~RtlController() override;

  const MemSpec& spec() const override { return spec_; }
  const AddressMap& address_map() const override { return map_; }
  int request_lanes() const override { return kRtlLanes; }
  bool offer(uint64_t request_id, bool is_write, StreamClass cls, Cycle arrival, const DramAddress& a,
             Cycle now) override;
  void advance(Cycle now) override;
  // The next cycle, or, when every channel is idle (nothing queued or offered, no response or
  // refresh due), the cycle their idle span ends: the driver jumps there, and the channels
  // cover the span in one clock edge (skip_i), with the same results.
  Cycle next_event() const override;
  // Taken and not yet answered on the response port (a run ends when every access is answered).
  size_t queued() const override { return size_t(queued_); }
  Cycle last_column_cycle() const override { return last_column_cycle_; }
  uint64_t cycles_simulated() const { return cycle_; }
  uint64_t clock_edges() const { return edges_; }  // fewer than the cycles when idle spans were skipped
  // Idle skip on (the default) or off: the commands and completions are the same either way.
  void set_idle_skip(bool on) { idle_skip_ = on; }
  // Dumps one channel's RTL internals into request.out from now on (tb/rtl/rtl_internal_waves.h).
  void dump_internals(const RtlWaveRequest& request);

 private:
  struct Channel;
  void run_cycle();
  void run_until(Cycle end);   // runs the cycles before `end`, skipping idle spans
  void skip_cycles(Cycle n);   // n idle cycles in one clock edge
  Cycle idle_span() const;     // cycles from cycle_ every channel stays idle; 0: busy
  void report(Channel& ch, int channel);
  void respond(Channel& ch, uint32_t seq, bool write);
  // The device's data for a RD: driven into the RTL's rd_data_i when it is on the bus.
  void read_data(const CommandRecord& rd, const BurstData& data, Cycle on_bus) override;

  MemSpec spec_;
  AddressMap map_;
  ControllerListener& listener_;
  std::vector<std::unique_ptr<Channel>> channels_;
  std::unique_ptr<LockstepPool> pool_;
  std::unique_ptr<RtlInternalWaves> internals_;
  bool idle_skip_ = true;
  uint64_t edges_ = 0;
  Cycle cycle_ = 0;  // the cycle whose inputs are being driven
  Cycle last_column_cycle_ = kNever;
  uint64_t next_seq_ = 1;
  int64_t queued_ = 0;
};

}  // namespace aimc
