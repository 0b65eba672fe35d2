#include "tb/tlm/traffic_initiator.h"

#include <tlm_utils/tlm_quantumkeeper.h>

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

TrafficInitiator::TrafficInitiator(sc_core::sc_module_name name, RequestSource& source, bool decoupled,
                                   int max_outstanding)
    : sc_module(name), socket("socket"), source_(source), decoupled_(decoupled), max_outstanding_(max_outstanding) {
  SC_HAS_PROCESS(TrafficInitiator);
  SC_THREAD(play);
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
  if (!gate_->any_gated()) {
    gate_.reset();
  } else if (decoupled_) {
    gate_.reset();  // a caller that goes on after the refusal must not play gated
    // The target completes decoupled requests ahead of SystemC time; a request the gate lets go
    // on a completion then lies behind what the core has simulated and would be admitted late
    // (docs/timing-model.md: -76 % bandwidth on llama3_8b_decode). Refused, not silently wrong.
    throw std::invalid_argument(
        "TrafficInitiator: closed-loop streams (max_outstanding, step_barrier) need exact mode; "
        "a loosely-timed play of them is not exact (docs/timing-model.md)");
  }
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

void TrafficInitiator::play() {
  const sc_time quantum = tlm_utils::tlm_quantumkeeper::get_global_quantum();
  const bool exact = !decoupled_ || quantum == SC_ZERO_TIME;
  TraceRequest r;
  uint64_t read = 0;
  auto read_next = [&] {
    const bool got = source_.next(r);
    r.id = read++;  // named by its position in the source, as the trace driver names it
    return got;
  };
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
      // Exact: be there on time. Decoupled: issue everything of the current quantum window
      // ahead of time and sync at the window boundary (the TLM quantum discipline, aligned to
      // the global quantum).
      const sc_time ready = exact ? at : quantum * double(at.value() / quantum.value());
      if (ready <= sc_time_stamp()) {
        issue(r, at);
        more = read_next();
        continue;
      }
      wake_at(ready);
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

void TrafficInitiator::worker(Worker& me) {
  for (;;) {
    while (jobs_.empty()) {
      idle_.push_back(&me);
      wait(me.wake);
    }
    const Job job = jobs_.front();
    jobs_.pop_front();
    const sc_time done = transact(job);
    if (gate_) {
      // The cycle of the response's last data (the target answers on it, or half a cycle later).
      const double done_ps = done / sc_time(1, SC_PS);
      gate_->on_done(job.request.stream_id, job.request.group, Cycle(std::floor((done_ps + 1.0) / spec_.tCK_ps)));
    }
    --outstanding_;
    completed_.notify();
  }
}

sc_time TrafficInitiator::transact(const Job& job) {
  const TraceRequest& r = job.request;
  std::vector<uint8_t> data(r.bytes);
  tlm::tlm_generic_payload gp;
  gp.set_command(r.is_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  gp.set_address(r.address);
  gp.set_data_ptr(data.data());
  gp.set_data_length(r.bytes);
  gp.set_streaming_width(r.bytes);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  StreamExtension tag(r.stream_id, r.stream_class, 0);
  tag.group = r.group;
  tag.request_id = r.id;
  gp.set_extension(&tag);
  const sc_time start(double(r.time_ps), SC_PS);  // its own time, even when issued late
  sc_time delay = job.offset;
  socket->b_transport(gp, delay);
  gp.clear_extension(&tag);
  const sc_time done = sc_time_stamp() + delay;
  ++stats_.requests;
  if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) {
    ++stats_.errors;
    return done;
  }
  stats_.bytes += r.bytes;
  stats_.latency_sum += done - start;
  if (done > stats_.last_done) stats_.last_done = done;
  return done;
}

}  // namespace aimc
