// IssueGate: what an accelerator's DMA engine does between its list of work and the memory.
// A stream's requests are its work list in order; the gate decides when each one is issued:
//   - outstanding limit: a stream issues only while fewer than `max_outstanding` of its
//     requests are in flight (a real initiator has that many tags, so its throughput is
//     outstanding / latency: a scheduler that cuts its latency speeds it up);
//   - step barrier: the first request of a new step (group) waits until every request of the
//     previous step has returned (the next token needs this one's result).
// A request is issued at the latest of its own time, a free slot and the end of the step
// before; the issue cycle becomes its arrival (latency counts from there). A response whose
// last data moves at cycle `done` frees its slot, and ends its step, for cycle done + 1 (the
// initiator reacts a cycle after it has the data). Requests of one stream leave in their
// order; streams without limits are not held (gated() is false for them).
// Used by the trace driver and the TLM traffic initiator alike, so that every backend sees
// the same issue times.
#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <vector>

#include "models/core/command.h"
#include "models/params/traffic_spec.h"
#include "tb/traffic/request_source.h"

namespace aimc {

struct IssueLimits {
  uint32_t max_outstanding = 0;  // 0: no limit
  bool step_barrier = false;
  bool any() const { return max_outstanding > 0 || step_barrier; }
};

// The limits of every stream of a scenario's traffic, indexed by stream id.
std::vector<IssueLimits> issue_limits_of(const TrafficSpec& traffic);

class IssueGate {
 public:
  // limits[stream_id]: the limits of that stream (ids beyond the vector have none).
  explicit IssueGate(std::vector<IssueLimits> limits);

  bool gated(uint32_t stream_id) const { return stream_id < streams_.size() && streams_[stream_id].limits.any(); }
  bool any_gated() const { return gated_streams_ > 0; }
  // Hands a request of a gated stream to the gate; `arrival` is the earliest cycle it may go.
  void offer(const TraceRequest& r, Cycle arrival);
  // The next request that may be issued at `now` (streams in id order, each in its order).
  bool pop(Cycle now, TraceRequest& out);
  // The earliest cycle >= now at which pop() can return a request, as far as the responses
  // reported so far tell; kNever when every held request waits for a response not yet seen.
  Cycle next_issue(Cycle now) const;
  // The response of an issued request: its last data moved at `done`.
  void on_done(uint32_t stream_id, uint64_t group, Cycle done);
  bool empty() const { return held_ == 0; }
  uint64_t held() const { return held_; }
  // The stream's requests issued and not yet answered.
  uint64_t in_flight(uint32_t stream_id) const;

 private:
  struct Held {
    TraceRequest request;
    Cycle arrival;
  };
  struct Stream {
    IssueLimits limits;
    std::deque<Held> held;
    uint64_t unanswered = 0;          // issued, response not reported yet
    std::multiset<Cycle> slot_free;   // reported responses: the cycle each frees its slot
    uint64_t group = kNoGroup;        // step of the requests issued last
    Cycle group_end = 0;              // the step's requests reported so far: last done + 1
  };
  // Earliest cycle >= now at which the stream's first held request may go; kNever if unknown.
  Cycle earliest(const Stream& s, Cycle now) const;
  static void forget_freed(Stream& s, Cycle now);

  std::vector<Stream> streams_;
  size_t gated_streams_ = 0;
  uint64_t held_ = 0;
};

}  // namespace aimc
