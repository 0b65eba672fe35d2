#include "models/core/memory_controller.h"

#include <algorithm>

namespace aimc {

MemoryController::MemoryController(const MemSpec& spec, const ControllerConfig& cfg,
                                   ControllerListener& listener)
    : spec_(spec), map_(spec.org, cfg.address_map), checker_(spec), request_lanes_(cfg.request_lanes) {
  channels_.reserve(size_t(spec.org.channels));
  for (int c = 0; c < spec.org.channels; ++c) channels_.emplace_back(c, spec_, cfg, checker_, listener);
}

uint64_t MemoryController::enqueue(uint64_t request_id, bool is_write, StreamClass cls, const DramAddress& addr,
                                   Cycle now) {
  Access a;
  a.seq = next_seq_++;
  a.request_id = request_id;
  a.arrival = now + 1;  // in its queue from the next cycle
  a.addr = addr;
  a.bank_id = addr.bank_group * spec_.org.banks_per_group + addr.bank;
  a.is_write = is_write;
  a.stream_class = cls;
  channels_[addr.channel].enqueue(a, now);
  next_event_ = std::min(next_event_, channels_[addr.channel].next_event());
  return a.seq;
}

bool MemoryController::offer(uint64_t request_id, bool is_write, StreamClass cls, Cycle arrival,
                             const DramAddress& a, Cycle now) {
  if (!can_accept(a, cls, arrival, now)) {
    note_blocked(a, cls, now);
    return false;
  }
  enqueue(request_id, is_write, cls, a, now);
  return true;
}

void MemoryController::advance(Cycle now) {
  Cycle next = kNever;
  for (ChannelController& ch : channels_) {
    if (ch.next_event() <= now) {
      ch.step(now);
      const Cycle c = ch.last_column_cycle();
      if (c != kNever && (last_column_cycle_ == kNever || c > last_column_cycle_)) last_column_cycle_ = c;
    }
    next = std::min(next, ch.next_event());
  }
  next_event_ = next;
}

Cycle MemoryController::next_event() const { return next_event_; }

size_t MemoryController::queued() const {
  size_t n = 0;
  for (const ChannelController& ch : channels_) n += ch.queued();
  return n;
}

Cycle MemoryController::last_column_cycle() const { return last_column_cycle_; }

}  // namespace aimc
