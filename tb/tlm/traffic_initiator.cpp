#include "tb/tlm/traffic_initiator.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/tlm/stream_extension.h"

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

void TrafficInitiator::play() {
  const sc_time quantum = tlm_utils::tlm_quantumkeeper::get_global_quantum();
  TraceRequest r;
  while (source_.next(r)) {
    const sc_time at(double(r.time_ps), SC_PS);
    if (!decoupled_ || quantum == SC_ZERO_TIME) {  // exact: be there on time
      if (at > sc_time_stamp()) wait(at - sc_time_stamp());
    } else {
      // Decoupled: issue everything of the current quantum window ahead of time; sync at the
      // window boundary (the TLM quantum discipline, aligned to the global quantum).
      const sc_time window_start = quantum * double(at.value() / quantum.value());
      if (window_start > sc_time_stamp()) wait(window_start - sc_time_stamp());
    }
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
}

void TrafficInitiator::worker(Worker& me) {
  for (;;) {
    while (jobs_.empty()) {
      idle_.push_back(&me);
      wait(me.wake);
    }
    const Job job = jobs_.front();
    jobs_.pop_front();
    transact(job);
    --outstanding_;
    completed_.notify();
  }
}

void TrafficInitiator::transact(const Job& job) {
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
  gp.set_extension(&tag);
  const sc_time start(double(r.time_ps), SC_PS);  // its own time, even when issued late
  sc_time delay = job.offset;
  socket->b_transport(gp, delay);
  gp.clear_extension(&tag);
  const sc_time done = sc_time_stamp() + delay;
  ++stats_.requests;
  if (gp.get_response_status() != tlm::TLM_OK_RESPONSE) {
    ++stats_.errors;
    return;
  }
  stats_.bytes += r.bytes;
  stats_.latency_sum += done - start;
  if (done > stats_.last_done) stats_.last_done = done;
}

}  // namespace aimc
