// TrafficInitiator: a TLM-2.0 initiator that plays any RequestSource into a target: a trace
// file (TraceReader) or a generator (synthetic patterns, LLM model shapes, a whole scenario's
// merged streams: ScenarioTraffic). Each transaction carries a StreamExtension with the
// request's stream id, class and identity (its position in the source). Three transports:
//   Blocking:    b_transport at each request's time with zero delay. A pool of worker
//                processes carries the calls so that requests overlap as their times ask (a
//                thread per request in flight; the pool grows when every worker is busy).
//   Decoupled:   b_transport for LT targets, from one process that runs ahead of SystemC time
//                and syncs only at global-quantum boundaries (the TLM quantum discipline): each
//                request is sent at its own local time, passed as the annotated delay, and the
//                call's returned delay is its response time. Closed-loop streams play through
//                the gate on those response times, with no thread per request.
//   NonBlocking: the 4-phase base protocol (nb_transport), from one process: no thread per
//                request and no limit on requests in flight. Each front-end port (stream and
//                class, like an accelerator's separate DMA queues) has its own socket binding
//                ("lane"), so the request exclusion rule holds one port's requests behind its
//                own END_REQ only; a request that waits there is sent the moment END_REQ comes
//                (inside the target's admission, as an interconnect FIFO would offer it) and
//                carries the time it was ready (StreamExtension::held_since_ps).
// The blocking transports have a limit of outstanding transactions (max_outstanding, default
// 16384, which keeps the thread stacks within the kernel's mapping limit); at the limit they
// wait for a completion, and the late request's latency still counts from its own time.
// It measures what an initiator sees: completions, bytes and latency from request time to
// response time.
// Streams with issue limits (an outstanding limit, a step barrier) go through an IssueGate,
// the same one the trace driver uses: such a request is issued when the gate lets it, on a
// cycle boundary of the memory clock, and its latency counts from there.
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "models/params/memspec.h"
#include "models/tlm/stream_extension.h"
#include "tb/traffic/issue_gate.h"
#include "tb/traffic/request_source.h"

namespace aimc {

struct PlayerStats {
  uint64_t requests = 0, bytes = 0, errors = 0;
  sc_core::sc_time latency_sum = sc_core::SC_ZERO_TIME;  // integer time: exact in any order
  sc_core::sc_time last_done = sc_core::SC_ZERO_TIME;
};

enum class InitiatorTransport { Blocking, Decoupled, NonBlocking };

class TrafficInitiator : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_initiator_socket<TrafficInitiator> socket;

  static constexpr int kDefaultMaxOutstanding = 16384;
  // Socket bindings of the non-blocking transport: front-end ports beyond this share lanes
  // (round robin), and then one port's backpressure can hold another's requests.
  static constexpr int kLanes = 64;

  TrafficInitiator(sc_core::sc_module_name name, RequestSource& source, InitiatorTransport transport,
                   int max_outstanding = kDefaultMaxOutstanding);
  TrafficInitiator(sc_core::sc_module_name name, RequestSource& source, bool decoupled,
                   int max_outstanding = kDefaultMaxOutstanding)
      : TrafficInitiator(name, source, decoupled ? InitiatorTransport::Decoupled : InitiatorTransport::Blocking,
                         max_outstanding) {}
  // Binds the socket to a target's (multi-)socket: once, or kLanes times for the non-blocking
  // transport.
  template <typename TargetSocket>
  void connect(TargetSocket& target) {
    const int bindings = transport_ == InitiatorTransport::NonBlocking ? kLanes : 1;
    for (int i = 0; i < bindings; ++i) socket.bind(target);
  }
  // Streams with limits are issued through the gate; the gate's cycles are those of spec's
  // clock.
  void set_issue_limits(std::vector<IssueLimits> limits, const MemSpec& spec);
  const PlayerStats& stats() const { return stats_; }
  int workers() const { return workers_; }  // peak of requests in flight (blocking transports)
  // Requests a blocking transport issued after their time because max_outstanding were in flight.
  uint64_t held_back() const { return held_back_; }

 private:
  struct Job {
    TraceRequest request;
    sc_core::sc_time offset;
  };
  struct Worker {
    sc_core::sc_event wake;
  };
  // A transaction: the payload and what it carries, from the call (blocking) or BEGIN_REQ
  // (non-blocking) to the response; then a spare for the next.
  struct Transaction {
    ~Transaction();
    tlm::tlm_generic_payload gp;
    std::vector<uint8_t> data;
    StreamExtension tag;
    TraceRequest request;
    int lane = 0;
  };
  struct Lane {
    Transaction* requesting = nullptr;  // its BEGIN_REQ awaits END_REQ
    std::deque<Transaction*> held;      // ready, behind the request exclusion rule
  };
  void play();  // guard_process around play_body
  void play_body();
  void play_decoupled();
  void send_decoupled(const TraceRequest& r, const sc_core::sc_time& quantum);
  bool read_next(TraceRequest& r);  // the source's next request, named by its position
  void worker(Worker& me);  // guard_process around worker_body
  void worker_body(Worker& me);
  void add_worker();
  void issue(const TraceRequest& r, const sc_core::sc_time& at);
  sc_core::sc_time transact(const Job& job);  // returns the response time
  Transaction* take_transaction();            // a spare one, or a new one
  static void prepare(tlm::tlm_generic_payload& gp, std::vector<uint8_t>& data, StreamExtension& tag,
                      const TraceRequest& r);
  void count(const TraceRequest& r, const tlm::tlm_generic_payload& gp, const sc_core::sc_time& done);  // stats
  void record(const TraceRequest& r, const sc_core::sc_time& done);  // the gate and the outstanding count
  // Non-blocking transport.
  void issue_nb(const TraceRequest& r);
  void send_nb(Transaction* t);
  Transaction* next_held(Lane& lane);  // frees the lane; returns its next held request, if any
  tlm::tlm_sync_enum nb_transport_bw(int lane, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                     sc_core::sc_time& delay);
  void finish_nb(Transaction* t, const sc_core::sc_time& done);
  int lane_of(uint32_t port);
  // Gate cycles: a request issued at cycle c is sent at the first whole picosecond of c.
  uint64_t issue_ps(Cycle c) const;
  Cycle cycle_now() const;           // the last cycle whose issue time has come
  Cycle arrival_cycle(uint64_t time_ps) const;
  bool gated(const TraceRequest& r) const { return gate_ && gate_->gated(r.stream_id); }

  RequestSource& source_;
  uint64_t read_ = 0;  // requests read from the source
  InitiatorTransport transport_;
  int workers_ = 0;
  int max_outstanding_;
  int outstanding_ = 0;
  uint64_t held_back_ = 0;
  sc_core::sc_event completed_;
  std::deque<Job> jobs_;
  std::deque<Worker> pool_;      // stable addresses
  std::deque<Worker*> idle_;     // woken one at a time: no thundering herd
  std::vector<Lane> lanes_;
  std::unordered_map<uint32_t, int> lane_of_port_;
  std::vector<std::unique_ptr<Transaction>> transactions_;  // owned; free ones in spare_
  std::vector<Transaction*> spare_;
  std::unordered_map<const tlm::tlm_generic_payload*, Transaction*> in_flight_;
  PlayerStats stats_;
  std::unique_ptr<IssueGate> gate_;  // null: every request at its own time
  MemSpec spec_;  // its clock, for the gate's cycles
};

}  // namespace aimc
