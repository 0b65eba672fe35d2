// ArrivalTraceWriter: every request of a run as it reached the controller's front end (its
// arrival cycle, after a closed loop's issue gate or a TLM initiator's own timing), written at
// the end of the run as a native trace in time order. `aimc run --trace` replays it open loop:
// on the same controller it gives the run's figures again, and on another backend, mode or
// policy it shows what they do with the very same arrivals (docs/formats.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/core/request_front_end.h"
#include "models/params/memspec.h"
#include "tb/traffic/native_trace_writer.h"

namespace aimc {

class ArrivalTraceWriter : public ControllerListener {
 public:
  // Opens (and so checks) the file at once; throws std::runtime_error when it cannot.
  ArrivalTraceWriter(const std::string& path, const MemSpec& spec);
  ArrivalTraceWriter(const ArrivalTraceWriter&) = delete;
  ArrivalTraceWriter& operator=(const ArrivalTraceWriter&) = delete;

  void on_request_arrival(const FrontEndRequest& r) override;
  // Sorts the requests by arrival (a port's own order kept) and writes them; throws on a write
  // error.
  void close();

 private:
  struct Arrival {
    Cycle cycle;
    uint64_t address;
    uint64_t group;
    uint32_t bytes;
    uint32_t port;
    StreamClass stream_class;
    bool is_write;
  };
  NativeTraceWriter out_;
  const MemSpec& spec_;
  std::vector<Arrival> arrivals_;  // in the order they reached the front end
};

}  // namespace aimc
