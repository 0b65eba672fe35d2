// StreamExtension: the TLM-2.0 extension that tags a transaction with its AI traffic stream:
// an id, a class, a priority, and the unit of work it belongs to (a decode step: `group`, for
// step-time statistics). Transactions without it are BEST_EFFORT, stream 0, no group.
#pragma once

#include <tlm>

#include <cstdint>

#include "models/core/request_front_end.h"
#include "models/params/stream_class.h"

namespace aimc {

class StreamExtension : public tlm::tlm_extension<StreamExtension> {
 public:
  StreamExtension() = default;
  StreamExtension(uint32_t id, StreamClass cls, uint8_t prio) : stream_id(id), stream_class(cls), priority(prio) {}

  tlm::tlm_extension_base* clone() const override { return new StreamExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const StreamExtension&>(other);
  }

  uint32_t stream_id = 0;
  StreamClass stream_class = StreamClass::BEST_EFFORT;
  uint8_t priority = 0;  // higher is more urgent
  uint64_t group = kNoGroup;
  // The initiator's name for the transaction, unique among its transactions; without one
  // (kUnnamed) the target numbers transactions in the order they arrive. An initiator names
  // all of its transactions or none.
  static constexpr uint64_t kUnnamed = ~uint64_t{0};
  uint64_t request_id = kUnnamed;
  // When the request entered the initiator's own queue, in ps, if that was before it could be
  // sent (a non-blocking initiator holds a port's next request until END_REQ of the one before,
  // as an interconnect FIFO would). The target counts the request's arrival (latency, ageing)
  // from here; kNotHeld: from the call's time.
  static constexpr uint64_t kNotHeld = ~uint64_t{0};
  uint64_t held_since_ps = kNotHeld;
};

// The stream tag of a payload, BEST_EFFORT when it carries none.
inline StreamExtension stream_of(const tlm::tlm_generic_payload& gp) {
  const StreamExtension* ext = gp.get_extension<StreamExtension>();
  return ext != nullptr ? *ext : StreamExtension{};
}

}  // namespace aimc
