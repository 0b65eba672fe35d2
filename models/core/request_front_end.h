// RequestFrontEnd: the controller's request intake, shared by every driver (trace driver, TLM
// model). Requests wait in arrival order; at each cycle, admit() splits those that have
// arrived into 32 B accesses and queues them, stopping at the first access whose queue is full
// (in-order admission, as DRAMsim3's and Ramulator's front ends do). It also tracks each
// request's accesses until the last one completes.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>

#include "models/core/memory_controller.h"

namespace aimc {

inline constexpr uint64_t kNoGroup = ~uint64_t{0};

struct FrontEndRequest {
  uint64_t id = 0;
  Cycle arrival = 0;
  bool is_write = false;
  uint64_t address = 0;  // byte address; the caller checked [address, address + bytes) fits
  uint32_t bytes = 0;
  StreamClass stream_class = StreamClass::BEST_EFFORT;
  uint64_t group = kNoGroup;  // e.g. the decode step it belongs to; reported back on completion
};

struct CompletedRequest {
  uint64_t id;
  Cycle arrival;
  Cycle done;  // last data beat of its last access
  bool is_write;
  StreamClass stream_class;
  uint64_t group;
};

class RequestFrontEnd {
 public:
  explicit RequestFrontEnd(MemoryController& controller) : controller_(controller) {}

  void push(const FrontEndRequest& r) { waiting_.push_back(r); }
  // Queues the accesses of every arrived request that fits; returns false when it stopped at
  // a full queue (the rest waits for the next cycle on which the controller frees a slot).
  bool admit(Cycle now);
  bool empty() const { return waiting_.empty(); }
  // The cycle of the next step after a step at `now`: the controller's next event, or the next
  // arrival unless admission stalled (then only a controller event can free a slot).
  Cycle next_step(Cycle controller_next, Cycle now, bool admitted_all) const {
    if (!admitted_all || waiting_.empty()) return controller_next;
    const Cycle arrival = waiting_.front().arrival > now ? waiting_.front().arrival : now + 1;
    return arrival < controller_next ? arrival : controller_next;
  }
  Cycle next_arrival() const { return waiting_.empty() ? kNever : waiting_.front().arrival; }
  size_t in_flight() const { return in_flight_.size(); }
  // Call for every completed access; returns true and fills `out` when it was its request's last.
  bool on_access_done(const Access& a, Cycle done, CompletedRequest& out);

 private:
  struct InFlight {
    Cycle arrival = 0;
    int remaining = 0;
    Cycle done = 0;
    bool is_write = false;
    StreamClass stream_class = StreamClass::BEST_EFFORT;
    uint64_t group = kNoGroup;
  };
  MemoryController& controller_;
  std::deque<FrontEndRequest> waiting_;
  uint64_t next_access_ = 0;  // accesses of waiting_.front() already queued
  std::unordered_map<uint64_t, InFlight> in_flight_;
};

}  // namespace aimc
