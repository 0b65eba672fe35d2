// RequestSource: anything that yields requests in time order: a trace file (TraceReader) or a
// generator (synthetic patterns, LLM model shapes, adversarial patterns, a merge of several).
// The trace driver, the TLM traffic initiator and the trace writer all consume this.
#pragma once

#include <cstdint>

#include "models/core/request_front_end.h"
#include "models/params/stream_class.h"

namespace aimc {

struct TraceRequest {
  uint64_t time_ps = 0;
  bool is_write = false;
  uint64_t address = 0;
  uint32_t bytes = 0;
  StreamClass stream_class = StreamClass::BEST_EFFORT;
  uint32_t stream_id = 0;
  uint64_t group = kNoGroup;  // decode step (or other unit of work) the request belongs to
  int line = 0;               // trace line, 0 for generated requests
  uint64_t id = 0;            // its position in the played source: players name requests so
};

class RequestSource {
 public:
  virtual ~RequestSource() = default;
  // The next request in time order; false when the source is exhausted. Throws ConfigError on
  // bad input (naming file, line and field).
  virtual bool next(TraceRequest& out) = 0;
  // Fraction of the source consumed so far, 0..1, for progress bars.
  virtual double progress() const = 0;
};

}  // namespace aimc
