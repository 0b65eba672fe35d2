// HbmController's loosely-timed interface: b_transport answered at once by the analytic
// LtTimingModel, with no wait, no clock and no thread on the target's side. The request is
// split into its 32 B accesses exactly as the front end splits it (read-modify-write included),
// each access arrives at the initiator's local time and is booked once admitted to its queue,
// and the delay to the last data beat is annotated. A write's accesses wait in the model's write
// queues; the request is reported to the statistics once they are booked, with the booked time.
#include "models/tlm/hbm_controller.h"

namespace aimc {

using sc_core::sc_time;
using sc_core::sc_time_stamp;

void HbmController::serve_lt(int initiator, tlm::tlm_generic_payload& gp, sc_time& delay) {
  FrontEndRequest r;  // data is functional in call order (docs/timing-model.md)
  const tlm::tlm_response_status status = take(initiator, gp, sc_time_stamp() + delay, r);
  gp.set_response_status(status);
  if (status != tlm::TLM_OK_RESPONSE || gp.get_command() == tlm::TLM_IGNORE_COMMAND) return;

  const uint64_t unit = uint64_t(spec_.org.access_bytes);
  const uint64_t first = r.address / unit;
  const uint64_t blocks = (r.address + r.bytes - 1) / unit - first + 1;
  const uint64_t steps = RequestFrontEnd::steps_of(r, blocks);
  const uint64_t lt_tag = lt_next_tag_++;
  lt_requests_[lt_tag] = {CompletedRequest{r.id, r.arrival, r.arrival, r.is_write, r.stream_class, r.group, r.port,
                                           uint32_t(steps), 0},
                          uint32_t(steps)};
  Cycle done = r.arrival;
  for (uint64_t k = 0; k < steps; ++k) {
    const RequestFrontEnd::Step step = RequestFrontEnd::step_of(r, blocks, k);
    const DramAddress addr = controller_->address_map().decode((first + step.block) * unit);
    Cycle& newest = lt_newest_arrival_[size_t(addr.channel * spec_.org.pseudo_channels + addr.pseudo_channel)];
    if (r.arrival < newest) {
      ++late_admissions_;
      late_cycles_ += newest - r.arrival;
    }
    newest = std::max(newest, r.arrival);
    done = std::max(done, lt_->serve(addr, step.is_write, r.arrival, lt_tag));
  }
  if (LtRequest* waiting = lt_requests_.find(lt_tag)) {
    waiting->answered = done;  // some access waits in a write queue: compared once it is booked
  } else if (lt_booked_in_call_ == lt_tag) {
    note_answer(done, lt_booked_in_call_done_);
  }
  delay = time_of(done) - sc_time_stamp();
}

void HbmController::on_lt_booked(uint64_t tag, const DramAddress& a, bool is_write, const LtTimingModel::Result& r) {
  // The request's bookkeeping first, on a copy: a listener or the observer may start another
  // request, and an insert moves the table's entries.
  LtRequest& req = *lt_requests_.find(tag);
  req.report.done = std::max(req.report.done, r.done);
  if (r.outcome != RowOutcome::Hit) ++req.report.activations;
  const bool last = --req.unbooked == 0;
  const CompletedRequest report = req.report;
  if (last) {
    if (req.answered == kNever) {
      lt_booked_in_call_ = tag;
      lt_booked_in_call_done_ = report.done;
    } else {
      note_answer(req.answered, report.done);
    }
    lt_requests_.erase(tag);
  }
  last_done_ = std::max(last_done_, r.done);
  if (!listeners_.empty()) {
    Access access;
    access.request_id = report.id;
    access.arrival = report.arrival;
    access.addr = a;
    access.bank_id = a.bank_group * spec_.org.banks_per_group + a.bank;
    access.is_write = is_write;
    access.stream_class = report.stream_class;
    for (ControllerListener* l : listeners_) l->on_access_done(access, r.outcome, r.done);
  }
  if (last && request_observer_) request_observer_(report);
}

void HbmController::note_answer(Cycle answered, Cycle booked) {
  if (booked <= answered) return;
  ++early_answers_;
  early_answer_cycles_ += booked - answered;
}

void HbmController::drain_loosely_timed() {
  if (lt_) lt_->drain_all();
}

}  // namespace aimc
