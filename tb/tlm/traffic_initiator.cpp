#include "tb/tlm/traffic_initiator.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/tlm/process_errors.h"
#include "models/tlm/stream_extension.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace aimc {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_PS;
using sc_core::SC_ZERO_TIME;

namespace {
constexpr size_t kWorkerStackBytes = 64 * 1024;
}

TrafficInitiator::TrafficInitiator(sc_core::sc_module_name name, RequestSource& source, InitiatorTransport transport,
                                   int max_outstanding)
    : sc_module(name), socket("socket"), source_(source), transport_(transport), max_outstanding_(max_outstanding) {
  SC_HAS_PROCESS(TrafficInitiator);
  SC_THREAD(play);
  socket.register_nb_transport_bw(this, &TrafficInitiator::nb_transport_bw);
  if (transport_ == InitiatorTransport::NonBlocking) lanes_.resize(kLanes);
}

void TrafficInitiator::add_worker() {
  sc_core::sc_spawn_options options;
  options.set_stack_size(kWorkerStackBytes);
  Worker& w = pool_.emplace_back();
  sc_core::sc_spawn([this, &w] { worker(w); }, sc_core::sc_gen_unique_name("worker"), &options);
  ++workers_;
}

void TrafficInitiator::set_issue_limits(std::vector<IssueLimits> limits, const MemSpec& spec) {
  gate_ = std::make_unique<IssueGate>(std::move(limits));
  spec_ = spec;
  if (!gate_->any_gated()) gate_.reset();
}

uint64_t TrafficInitiator::issue_ps(Cycle c) const { return spec_.first_ps_of_cycle(c); }

Cycle TrafficInitiator::cycle_now() const {
  const uint64_t now_ps = uint64_t(std::llround(sc_time_stamp() / sc_time(1, SC_PS)));
  Cycle c = Cycle(double(now_ps) / spec_.tCK_ps);
  while (issue_ps(c + 1) <= now_ps) ++c;
  while (c > 0 && issue_ps(c) > now_ps) --c;
  return c;
}

Cycle TrafficInitiator::arrival_cycle(uint64_t time_ps) const {
  return spec_.arrival_cycle(double(time_ps));  // as the target and the trace driver count
}

void TrafficInitiator::issue(const TraceRequest& r, const sc_time& at) {
  if (transport_ == InitiatorTransport::NonBlocking) {
    issue_nb(r);
    return;
  }
  if (outstanding_ >= max_outstanding_) ++held_back_;
  while (outstanding_ >= max_outstanding_) wait(completed_);
  ++outstanding_;
  jobs_.push_back({r, at > sc_time_stamp() ? at - sc_time_stamp() : SC_ZERO_TIME});
  if (idle_.empty()) {
    add_worker();  // a new worker runs in this evaluation phase too
  } else {
    idle_.front()->wake.notify();  // immediate: it takes a job in this evaluation phase
    idle_.pop_front();
  }
}

bool TrafficInitiator::read_next(TraceRequest& r) {
  const bool got = source_.next(r);
  r.id = read_++;  // named by its position in the source, as the trace driver names it
  return got;
}

void TrafficInitiator::play() {
  guard_process([this] { play_body(); });
}

void TrafficInitiator::play_body() {
  if (transport_ == InitiatorTransport::Decoupled) {
    play_decoupled();
    return;
  }
  TraceRequest r;
  auto read_next = [&] { return this->read_next(r); };
  bool more = read_next();
  while (more || (gate_ && !gate_->empty())) {
    sc_time wake = sc_core::SC_ZERO_TIME;
    bool wake_set = false;
    auto wake_at = [&](const sc_time& t) {
      if (!wake_set || t < wake) wake = t;
      wake_set = true;
    };
    if (gate_) {
      // Requests of gated streams wait in the gate from their own cycle; what it lets go now is
      // issued now.
      const Cycle now = cycle_now();
      while (more && gated(r) && arrival_cycle(r.time_ps) <= now) {
        gate_->offer(r, arrival_cycle(r.time_ps));
        more = read_next();
      }
      TraceRequest q;
      while (gate_->pop(now, q)) {
        q.time_ps = issue_ps(now);
        issue(q, sc_time(double(q.time_ps), SC_PS));
      }
      const Cycle next = gate_->next_issue(now + 1);
      if (next != kNever) wake_at(sc_time(double(issue_ps(next)), SC_PS));
      if (more && gated(r)) wake_at(sc_time(double(issue_ps(arrival_cycle(r.time_ps))), SC_PS));
    }
    if (more && !gated(r)) {
      const sc_time at(double(r.time_ps), SC_PS);
      if (at <= sc_time_stamp()) {
        issue(r, at);
        more = read_next();
        continue;
      }
      wake_at(at);
    }
    if (!wake_set) {
      wait(completed_);  // every held request waits for a response
    } else if (gate_ && !gate_->empty()) {
      wait(wake - sc_time_stamp(), completed_);  // a response may let a held request go sooner
    } else {
      wait(wake - sc_time_stamp());
    }
  }
}

// Decoupled: one process runs ahead of SystemC time in its own local time and calls
// b_transport inline for each request at that request's time (the offset is the annotated
// delay), as the TLM quantum discipline has it. It syncs with the kernel only when its local
// time crosses a global-quantum boundary. A loosely-timed target answers at once, so each
// response's time is known when the call returns: the gate hears of it then, and closed-loop
// streams play without a wait of their own.
void TrafficInitiator::play_decoupled() {
  const sc_time quantum = tlm_utils::tlm_quantumkeeper::get_global_quantum();
  TraceRequest r;
  bool more = read_next(r);
  Cycle now = 0;  // the local time's cycle
  for (;;) {
    // Every request due by this cycle, in source order: an ungated one goes now, a gated one
    // to the gate. (Stopping at a switch between the two would let `now` run ahead of the
    // ungated requests still unread, and send them late.)
    while (more && arrival_cycle(r.time_ps) <= now) {
      if (gated(r)) {
        gate_->offer(r, arrival_cycle(r.time_ps));
      } else {
        send_decoupled(r, quantum);
      }
      more = read_next(r);
    }
    // Then what the gate lets go in this cycle.
    TraceRequest q;
    while (gate_ && gate_->pop(now, q)) {
      q.time_ps = issue_ps(now);
      send_decoupled(q, quantum);
    }
    Cycle next = more ? arrival_cycle(r.time_ps) : kNever;
    if (gate_) next = std::min(next, gate_->next_issue(now + 1));
    if (next == kNever) break;  // every response is known: nothing held waits for one
    now = std::max(next, now + 1);
  }
}

// Sends one request at its local time r.time_ps. First it waits for the global-quantum boundary
// at or before that time, so that local time stays within one quantum ahead of SystemC time (a
// zero quantum: it waits for the time itself).
void TrafficInitiator::send_decoupled(const TraceRequest& r, const sc_time& quantum) {
  const sc_time local(double(r.time_ps), SC_PS);
  const sc_time boundary = quantum == SC_ZERO_TIME ? local : quantum * double(local.value() / quantum.value());
  if (boundary > sc_time_stamp()) wait(boundary - sc_time_stamp());
  ++outstanding_;
  // A request of the same cycle may lie a few picoseconds before a boundary already waited for
  // (sc_time cannot go negative): it is sent at once.
  const sc_time offset = local > sc_time_stamp() ? local - sc_time_stamp() : SC_ZERO_TIME;
  record(r, transact({r, offset}));
}

void TrafficInitiator::worker(Worker& me) {
  guard_process([this, &me] { worker_body(me); });
}

void TrafficInitiator::worker_body(Worker& me) {
  for (;;) {
    while (jobs_.empty()) {
      idle_.push_back(&me);
      wait(me.wake);
    }
    const Job job = jobs_.front();
    jobs_.pop_front();
    const sc_time done = transact(job);
    record(job.request, done);
  }
}

// A response came at `done`: statistics, the gate, the outstanding count.
void TrafficInitiator::record(const TraceRequest& r, const sc_time& done) {
  if (gate_) {
    // The cycle of the response's last data (the target answers on it, or half a cycle later).
    const double done_ps = done / sc_time(1, SC_PS);
    gate_->on_done(r.stream_id, r.group, Cycle(std::floor((done_ps + 1.0) / spec_.tCK_ps)));
  }
  --outstanding_;
  completed_.notify();
}

sc_time TrafficInitiator::transact(const Job& job) {
  const TraceRequest& r = job.request;
  Transaction* t = take_transaction();  // a payload and a buffer used before: no allocation per call
  prepare(t->gp, t->data, t->tag, r);
  sc_time delay = job.offset;
  socket[0]->b_transport(t->gp, delay);
  const sc_time done = sc_time_stamp() + delay;
  count(r, t->gp, done);
  spare_.push_back(t);
  return done;
}

TrafficInitiator::Transaction* TrafficInitiator::take_transaction() {
  if (spare_.empty()) {
    transactions_.push_back(std::make_unique<Transaction>());
    return transactions_.back().get();
  }
  Transaction* t = spare_.back();
  spare_.pop_back();
  return t;
}

void TrafficInitiator::prepare(tlm::tlm_generic_payload& gp, std::vector<uint8_t>& data, StreamExtension& tag,
                               const TraceRequest& r) {
  data.assign(r.bytes, 0);
  gp.set_command(r.is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp.set_address(r.address);
  gp.set_data_ptr(data.data());
  gp.set_data_length(r.bytes);
  gp.set_streaming_width(r.bytes);
  gp.set_byte_enable_ptr(nullptr);
  gp.set_byte_enable_length(0);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  gp.set_dmi_allowed(false);  // the payload may have carried another request
  tag = StreamExtension(r.stream_id, r.stream_class, 0);
  tag.group = r.group;
  tag.request_id = r.id;
  gp.set_extension(&tag);
}

void TrafficInitiator::count(const TraceRequest& r, const tlm::tlm_generic_payload& gp, const sc_time& done) {
  const sc_time start(double(r.time_ps), SC_PS);  // its own time, even when issued late
  ++stats_.requests;
  if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) {
    ++stats_.errors;
    return;
  }
  stats_.bytes += r.bytes;
  stats_.latency_sum += done - start;
  if (done > stats_.last_done) stats_.last_done = done;
}

// ---- Non-blocking transport.

int TrafficInitiator::lane_of(uint32_t port) {
  const auto found = lane_of_port_.find(port);
  if (found != lane_of_port_.end()) return found->second;
  const int lane = int(lane_of_port_.size() % size_t(kLanes));
  lane_of_port_.emplace(port, lane);
  return lane;
}

void TrafficInitiator::issue_nb(const TraceRequest& r) {
  Transaction* t = take_transaction();
  t->request = r;
  prepare(t->gp, t->data, t->tag, r);
  t->lane = lane_of(port_of(r.stream_id, r.stream_class));
  in_flight_[&t->gp] = t;
  ++outstanding_;
  Lane& lane = lanes_[size_t(t->lane)];
  if (lane.requesting != nullptr) {
    t->tag.held_since_ps = r.time_ps;
    lane.held.push_back(t);
    return;
  }
  send_nb(t);
}

// Sends BEGIN_REQ, and then each request held on the same lane that the target lets through
// at once (it completes or ends the request phase in its return).
void TrafficInitiator::send_nb(Transaction* t) {
  Lane& lane = lanes_[size_t(t->lane)];
  while (t != nullptr) {
    lane.requesting = t;
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    const tlm::tlm_sync_enum reply = socket[t->lane]->nb_transport_fw(t->gp, phase, delay);
    const bool responded = reply == tlm::TLM_COMPLETED || (reply == tlm::TLM_UPDATED && phase == tlm::BEGIN_RESP);
    if (responded) {
      finish_nb(t, sc_time_stamp() + delay);
    } else if (!(reply == tlm::TLM_UPDATED && phase == tlm::END_REQ)) {
      return;  // END_REQ comes later on the backward path
    }
    t = next_held(lane);
  }
}

TrafficInitiator::Transaction* TrafficInitiator::next_held(Lane& lane) {
  lane.requesting = nullptr;
  if (lane.held.empty()) return nullptr;
  Transaction* t = lane.held.front();
  lane.held.pop_front();
  return t;
}

tlm::tlm_sync_enum TrafficInitiator::nb_transport_bw(int /*lane*/, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                                     sc_time& delay) {
  const auto found = in_flight_.find(&gp);
  if (found == in_flight_.end()) {
    SC_REPORT_ERROR("aimc/TrafficInitiator", "nb_transport_bw: a phase for a transaction not in flight");
    return tlm::TLM_COMPLETED;
  }
  Transaction* t = found->second;
  Lane& lane = lanes_[size_t(t->lane)];
  // The request phase ends with END_REQ, or with a BEGIN_RESP that implies it; the lane's next
  // held request then goes at once, inside the target's admission.
  const bool ends_request = phase == tlm::END_REQ || (phase == tlm::BEGIN_RESP && lane.requesting == t);
  if (phase == tlm::BEGIN_RESP) finish_nb(t, sc_time_stamp() + delay);
  if (ends_request) {
    if (Transaction* next = next_held(lane)) send_nb(next);
  }
  if (phase == tlm::END_REQ) return tlm::TLM_ACCEPTED;
  if (phase == tlm::BEGIN_RESP) return tlm::TLM_COMPLETED;
  SC_REPORT_ERROR("aimc/TrafficInitiator", "nb_transport_bw: a target may send only END_REQ and BEGIN_RESP");
  return tlm::TLM_COMPLETED;
}

void TrafficInitiator::finish_nb(Transaction* t, const sc_time& done) {
  count(t->request, t->gp, done);
  record(t->request, done);
  in_flight_.erase(&t->gp);
  spare_.push_back(t);
}

TrafficInitiator::Transaction::~Transaction() { gp.clear_extension(&tag); }

}  // namespace aimc
