// ControllerBackend: what the request front end and the drivers need of a controller. Two
// implement it: the C++ MemoryController and the Verilated RTL (tb/rtl/rtl_controller.h), so
// one testbench drives either.
//
// The request port of each channel takes at most request_lanes() accesses per cycle, one per
// lane (valid/ready): offer() presents one and returns ready. An access taken at cycle t holds its queue slot at once and
// can be scheduled from t + 1. A slot freed by a column command at t can be offered at t + 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "models/core/address_map.h"
#include "models/core/controller_listener.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"
#include "models/params/stream_class.h"

namespace aimc {

class ControllerBackend {
 public:
  virtual ~ControllerBackend() = default;
  virtual const MemSpec& spec() const = 0;
  virtual const AddressMap& address_map() const = 0;
  // Accesses a channel's request port takes per cycle.
  virtual int request_lanes() const = 0;
  // Presents one access on the next free lane of its channel's request port at `now` (at most
  // request_lanes() per channel per cycle); returns whether the controller took it. `arrival`: when its request arrived (the
  // ai_aware best-effort reserve ends for requests that waited the age limit). A refused
  // access of the model's traffic starts the reserve of its queue.
  virtual bool offer(uint64_t request_id, bool is_write, StreamClass cls, Cycle arrival, const DramAddress& a,
                     Cycle now) = 0;
  // Runs cycle `now` (and any cycles skipped since the last call): issues what is legal.
  virtual void advance(Cycle now) = 0;
  // The next cycle at which advance() has something to do (> the last advanced cycle).
  virtual Cycle next_event() const = 0;
  // Accesses taken and not yet served.
  virtual size_t queued() const = 0;
  // The last cycle a column command freed a queue slot (kNever: none yet).
  virtual Cycle last_column_cycle() const = 0;
};

// Makes a backend that reports to the listener it is given (the trace driver and the TLM
// target take one; null means the C++ MemoryController).
using BackendFactory =
    std::function<std::unique_ptr<ControllerBackend>(const MemSpec&, const ControllerConfig&, ControllerListener&)>;

}  // namespace aimc
