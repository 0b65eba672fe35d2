// MemoryController: the whole stack's controller. Decodes byte addresses, queues 32 B
// accesses in their pseudo-channels and advances every channel that has something to do.
// Time is an integer cycle of tCK; callers jump from event to event with next_event().
#pragma once

#include <memory>
#include <vector>

#include "models/core/address_map.h"
#include "models/core/channel_controller.h"
#include "models/core/controller_backend.h"
#include "models/core/controller_listener.h"
#include "models/core/timing_checker.h"

namespace aimc {

class MemoryController : public ControllerBackend {
 public:
  MemoryController(const MemSpec& spec, const ControllerConfig& cfg, ControllerListener& listener);

  const MemSpec& spec() const override { return spec_; }
  const AddressMap& address_map() const override { return map_; }
  int request_lanes() const override { return request_lanes_; }
  bool offer(uint64_t request_id, bool is_write, StreamClass cls, Cycle arrival, const DramAddress& a,
             Cycle now) override;
  // `arrival`: when the request arrived (ai_aware's reserve for the model's traffic ends for a
  // best-effort request that has waited the age limit).
  bool can_accept(const DramAddress& a, StreamClass cls = StreamClass::BEST_EFFORT, Cycle arrival = 0,
                  Cycle now = 0) const {
    return channels_[a.channel].can_accept(a.pseudo_channel, cls, arrival, now);
  }
  void note_blocked(const DramAddress& a, StreamClass cls, Cycle now) {
    channels_[a.channel].note_blocked(a.pseudo_channel, cls, now);
  }
  // Queues one access (schedulable from now + 1); the caller checked can_accept(). Returns its
  // sequence number.
  uint64_t enqueue(uint64_t request_id, bool is_write, StreamClass cls, const DramAddress& a, Cycle now);
  // Steps every channel whose next event is due at `now`.
  void advance(Cycle now) override;
  // Earliest cycle at which any channel has something to do (> the last advanced cycle).
  Cycle next_event() const override;
  size_t queued() const override;
  Cycle last_column_cycle() const override;
  const ChannelController& channel(int c) const { return channels_[c]; }

 private:
  MemSpec spec_;
  AddressMap map_;
  TimingChecker checker_;
  std::vector<ChannelController> channels_;
  int request_lanes_;
  uint64_t next_seq_ = 1;  // 0 is reserved for refresh, which outranks every access
  // Kept up to date by enqueue() and advance(), so the callers' per-event questions do not
  // walk every channel.
  Cycle next_event_ = 0;
  Cycle last_column_cycle_ = kNever;
};

}  // namespace aimc
