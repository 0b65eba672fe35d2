// RequestFrontEnd: the interconnect in front of the controller, shared by every driver (trace
// driver, TLM model) and both backends (C++ core, Verilated RTL). Each port (a traffic stream,
// a TLM initiator's stream) has its own in-order FIFO, as the ports of an SoC interconnect do:
// admit() splits the arrived requests of every port into 32 B accesses and offers them to their
// channels' request ports, a port stopping at its first access that is refused (queue full)
// or whose channel's request lanes are all taken this cycle (as in hardware). A full queue so
// blocks only the port that needs it, not every tenant. Ports are visited in an order that
// rotates (controller.port_arbitration: by default each ready port leads a pass in turn, so
// none is favoured).
// Admission runs only on cycles where it can change something: a request has arrived, or a
// port waits at a full queue and a slot was freed the cycle before; so the event-driven C++ core
// and the cycle-by-cycle RTL see the same offers. Its cost follows the requests, not the ports:
// it visits only ports whose head request has arrived (the rest wait in a set ordered by their
// head's arrival) and whose next access's channel has a request lane left this cycle (a port
// bound for a channel whose lanes are taken could offer nothing). It also tracks each request's
// accesses from their first offer until the last one completes.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <utility>
#include <vector>

#include "models/core/access.h"
#include "models/core/controller_backend.h"
#include "models/core/flat_hash_map.h"

namespace aimc {

inline constexpr uint64_t kNoGroup = ~uint64_t{0};

// The front-end port of a request: one per (stream, class), like the separate DMA queues an
// accelerator keeps for KV cache, weights and activations.
inline uint32_t port_of(uint32_t stream_id, StreamClass cls) {
  return stream_id * uint32_t(kNumStreamClasses) + uint32_t(cls);
}
inline uint32_t stream_of_port(uint32_t port) { return port / uint32_t(kNumStreamClasses); }

struct FrontEndRequest {
  uint64_t id = 0;
  Cycle arrival = 0;
  bool is_write = false;
  uint64_t address = 0;  // byte address; the caller checked [address, address + bytes) fits
  uint32_t bytes = 0;
  StreamClass stream_class = StreamClass::BEST_EFFORT;
  uint64_t group = kNoGroup;  // e.g. the decode step it belongs to; reported back on completion
  uint32_t port = 0;          // FIFO it waits in; requests of one port are admitted in order
  // Read-modify-write: the 32 B accesses this write covers only in part are each preceded by a
  // read of the same access (a masked write: every access; else the first and/or the last).
  bool rmw_every = false, rmw_first = false, rmw_last = false;
};

// The read-modify-write flags of a write of `bytes` at `address` (a masked write: `masked`).
void mark_partial_writes(FrontEndRequest& r, uint32_t access_bytes, bool masked);

struct CompletedRequest {
  uint64_t id;
  Cycle arrival;
  Cycle done;  // last data beat of its last access
  bool is_write;
  StreamClass stream_class;
  uint64_t group;
  uint32_t port;
  uint32_t accesses;  // 32 B accesses it was split into (the bytes it moved / access_bytes)
  uint32_t activations = 0;  // of them, those that opened their row (a miss or a conflict: an ACT)
};

class RequestFrontEnd {
 public:
  RequestFrontEnd(ControllerBackend& controller, PortArbitration arbitration);

  // Access k of a request's sequence: which 32 B block, and whether it is a write (false for
  // the read of a read-modify-write). Without RMW the sequence is the blocks in order.
  struct Step {
    uint64_t block;
    bool is_write;
  };
  static uint64_t steps_of(const FrontEndRequest& r, uint64_t blocks);
  static Step step_of(const FrontEndRequest& r, uint64_t blocks, uint64_t k);

  void push(const FrontEndRequest& r);
  // Offers the accesses of the arrived requests; returns false when some port stopped at a full
  // queue (it waits for a cycle after the controller frees a slot).
  bool admit(Cycle now);
  bool empty() const { return waiting_ == 0; }
  size_t ports() const { return used_ports_; }  // ports that have had a request
  // The earliest arrival a step must admit: the head of every port not stopped at a full queue.
  Cycle next_arrival() const;
  // The cycle of the next step after a step at `now`: the controller's next event, the next
  // arrival on a port that can take it, or the next cycle when a port waits at a full queue
  // and a slot was freed at `now`.
  Cycle next_step(Cycle controller_next, Cycle now) const;
  size_t in_flight() const { return in_flight_.size(); }
  // Call for every completed access; returns true and fills `out` when it was its request's last.
  bool on_access_done(const Access& a, RowOutcome outcome, Cycle done, CompletedRequest& out);
  // Told, inside admit(), when a request's last access has been taken by its channel (the TLM
  // target's END_REQ). It may push() a request at once: one for the same port is offered in
  // the same admission, as if it had been waiting behind this one.
  void set_admitted_observer(std::function<void(uint64_t id, Cycle now)> f) { on_admitted_ = std::move(f); }

 private:
  struct InFlight {
    Cycle arrival = 0;
    int remaining = 0;
    Cycle done = 0;
    bool is_write = false;
    StreamClass stream_class = StreamClass::BEST_EFFORT;
    uint64_t group = kNoGroup;
    uint32_t port = 0;
    uint32_t accesses = 0;
    uint32_t activations = 0;
  };
  struct Port {
    std::deque<FrontEndRequest> waiting;
    uint64_t next_access = 0;  // accesses of waiting.front() already queued
    uint64_t blocked_pass = 0;  // the admission pass in which it stopped at a full queue
    bool used = false;
    bool head_registered = false;    // waiting.front() is in in_flight_
    uint64_t decoded_step = ~uint64_t{0};  // the access whose address `decoded` holds
    DramAddress decoded;
    // Where the port is: nowhere (empty), ready (its head has arrived: admit() visits it; filed
    // under the channel of its next access) or future (in future_, keyed by its head's arrival).
    enum class Where : uint8_t { None, Ready, Future } where = Where::None;
    Cycle future_key = 0;
    int ready_channel = -1;
  };
  bool admission_due(Cycle now) const;
  bool admit_port(Port& port, Cycle now);
  // Files port `id` by its head: ready if it has arrived by `now`, else future, else nowhere.
  void place(uint32_t id, Cycle now);
  // The address of the port's next access (decoded once per access).
  const DramAddress& next_address(Port& port);
  // The first ready port of channel c at or after `from`, or kNoPort.
  uint32_t first_ready(size_t c, uint32_t from) const;

  ControllerBackend& controller_;
  struct LanesUsed {
    Cycle cycle = kNever;
    int count = 0;
  };
  std::vector<LanesUsed> lanes_used_;  // per channel, this cycle
  size_t blocked_ports_ = 0;       // stopped at a full queue in the last admission
  std::deque<Port> ports_;  // indexed by port id; a deque: admit() holds a Port& while push() may grow it
  // Ports whose head has arrived, by the channel of their next access. A pass visits, in port
  // order, only those whose channel has a request lane left (the others would offer nothing):
  // with thousands of ports waiting at full queues, its cost follows the ports that can move.
  std::vector<std::set<uint32_t>> ready_;
  size_t ready_ports_ = 0;
  // The rotation's modulus: the highest id of a port whose head has arrived, + 1. Not
  // ports_.size(): a driver may push requests ahead of their arrival (the trace driver reads
  // ahead), and the order of admission must not depend on how far.
  uint32_t rotation_ports_ = 0;
  PortArbitration arbitration_;
  // Round robin: where the next pass starts, just after the port that led the last one.
  uint32_t round_robin_ = 0;
  static constexpr uint32_t kNoPort = ~uint32_t{0};
  std::vector<uint32_t> next_in_pass_;  // per channel: its first ready port not yet passed
  uint32_t pass_cursor_ = kNoPort;      // during a pass: the next port id it may visit
  std::set<std::pair<Cycle, uint32_t>> future_;  // the other non-empty ports, by head arrival
  Cycle admitted_until_ = 0;   // the last cycle admit() ran for: heads up to it are ready
  uint64_t pass_ = 0;          // admission passes so far (a port is blocked if blocked_pass == pass_)
  size_t channels_full_ = 0;   // channels whose request lanes are all taken in this pass
  size_t waiting_ = 0;
  size_t used_ports_ = 0;
  FlatHashMap<uint64_t, InFlight> in_flight_;  // by request id
  std::function<void(uint64_t, Cycle)> on_admitted_;
};

}  // namespace aimc
