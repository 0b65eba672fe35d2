#include "models/tlm/hbm_controller.h"

#include <algorithm>
#include <cmath>

#include "models/tlm/payload_checks.h"
#include "models/tlm/process_errors.h"
#include "models/tlm/stream_extension.h"

namespace aimc {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_PS;
using sc_core::SC_ZERO_TIME;

HbmController::HbmController(sc_core::sc_module_name name, const MemSpec& spec, const ControllerConfig& cfg,
                             TimingMode mode, const BackendFactory& backend)
    : sc_module(name),
      socket("socket"),
      spec_(spec),
      mode_(mode),
      read_modify_write_(cfg.read_modify_write),
      controller_(backend ? backend(spec_, cfg, listener())
                          : std::make_unique<MemoryController>(spec_, cfg, listener())),
      front_end_(*controller_, cfg.port_arbitration),
      store_(spec.org.capacity_bytes()),
      responses_("responses") {
  socket.register_b_transport(this, &HbmController::b_transport);
  socket.register_nb_transport_fw(this, &HbmController::nb_transport_fw);
  socket.register_transport_dbg(this, &HbmController::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &HbmController::get_direct_mem_ptr);
  front_end_.set_admitted_observer([this](uint64_t id, Cycle) { on_admitted(id); });
  if (mode_ == TimingMode::LooselyTimed) {
    lt_ = std::make_unique<LtTimingModel>(
        spec_, cfg, [this](uint64_t tag, const DramAddress& a, bool w, const LtTimingModel::Result& r) {
          on_lt_booked(tag, a, w, r);
        });
    lt_newest_arrival_.assign(size_t(spec_.org.channels * spec_.org.pseudo_channels), 0);
  }
  SC_HAS_PROCESS(HbmController);
  if (mode_ == TimingMode::Exact) {
    SC_METHOD(engine);
    dont_initialize();
    sensitive << arrival_event_;
  }
  SC_METHOD(send_responses);
  dont_initialize();
  sensitive << responses_.get_event();
}

sc_time HbmController::time_of(Cycle c) const { return sc_time(double(c) * spec_.tCK_ps, SC_PS); }

Cycle HbmController::cycle_at(const sc_time& t) const {
  const double ps = t.to_seconds() * 1e12;
  return spec_.arrival_cycle(ps);
}

void HbmController::step_core() {
  // A stall lasts from the step that found a queue full to the step that follows it, whenever
  // arrivals since then made that step come (as the trace driver counts it).
  if (stalled_) stall_cycles_ += now_ - last_step_;
  stalled_ = !front_end_.admit(now_);
  controller_->advance(now_);
  last_step_ = now_;
  now_ = front_end_.next_step(controller_->next_event(), now_);
}

// A request that arrived since the last plan may need an earlier step than planned.
void HbmController::replan_for_arrivals() {
  const Cycle arrival = front_end_.next_arrival();
  if (arrival != kNever) {
    const Cycle after_last = last_step_ == kNever ? 0 : last_step_ + 1;
    now_ = std::min(now_, std::max(arrival, after_last));
  }
}

// A method, not a thread: it runs once per planned step without a context switch, and
// re-arms itself for the next step or the next arrival, whichever comes first.
void HbmController::engine() {
  guard_process([this] { engine_body(); });
}

void HbmController::engine_body() {
  const sc_time half_cycle(spec_.tCK_ps / 2, SC_PS);
  for (;;) {
    // Idle once nothing is queued and the last data beat has moved (as the trace driver ends).
    if (front_end_.empty() && controller_->queued() == 0 && (now_ == kNever || now_ > last_done_)) {
      next_trigger(arrival_event_);
      return;
    }
    replan_for_arrivals();
    const sc_time step_at = time_of(now_) + half_cycle;
    if (step_at > sc_time_stamp()) {
      next_trigger(step_at - sc_time_stamp(), arrival_event_);
      return;
    }
    step_core();  // steps in the past (refresh while idle) run back to back
  }
}

void HbmController::apply_data(tlm::tlm_generic_payload& gp) {
  if (gp.is_write()) {
    store_.write(gp.get_address(), gp.get_data_ptr(), gp.get_data_length(), gp.get_byte_enable_ptr(),
                 gp.get_byte_enable_length());
  } else {
    store_.read(gp.get_address(), gp.get_data_ptr(), gp.get_data_length(), gp.get_byte_enable_ptr(),
                gp.get_byte_enable_length());
  }
}

// A transaction's identity: the initiator's own name for it (StreamExtension::request_id) when
// it has one that no transaction in flight uses, so a single tagging initiator's requests carry
// the trace driver's ids; otherwise one the target gives.
uint64_t HbmController::identity_for(uint64_t requested) {
  if (requested < kFirstTargetId && transactions_.count(requested) == 0) return requested;
  return next_id_++;
}

uint32_t HbmController::port_for(int initiator, uint32_t stream_id, StreamClass cls) {
  const auto key = std::make_tuple(initiator, stream_id, cls);
  const auto found = ports_.find(key);
  if (found != ports_.end()) return found->second;
  uint32_t port = port_of(stream_id, cls);
  if (port < port_taken_.size() && port_taken_[port]) port = uint32_t(port_taken_.size());
  if (port >= port_taken_.size()) port_taken_.resize(port + 1, false);
  port_taken_[port] = true;
  ports_.emplace(key, port);
  return port;
}

tlm::tlm_response_status HbmController::take(int initiator, tlm::tlm_generic_payload& gp, const sc_time& at,
                                             FrontEndRequest& r) {
  const tlm::tlm_response_status status = check_payload(gp, spec_.org.capacity_bytes());
  gp.set_dmi_allowed(false);
  if (status != tlm::TLM_OK_RESPONSE || gp.get_command() == tlm::TLM_IGNORE_COMMAND) return status;
  apply_data(gp);
  const StreamExtension tag = stream_of(gp);
  Cycle arrival = cycle_at(at);
  if (tag.held_since_ps != StreamExtension::kNotHeld) arrival = std::min(arrival, spec_.arrival_cycle(double(tag.held_since_ps)));
  r = FrontEndRequest{identity_for(tag.request_id), arrival, gp.is_write(), gp.get_address(),
                      uint32_t(gp.get_data_length()), tag.stream_class, tag.group,
                      port_for(initiator, tag.stream_id, tag.stream_class)};
  if (read_modify_write_) mark_partial_writes(r, uint32_t(spec_.org.access_bytes), masks_bytes(gp));
  for (ControllerListener* l : listeners_) l->on_request_arrival(r);
  return tlm::TLM_OK_RESPONSE;
}

tlm::tlm_response_status HbmController::accept(int initiator, tlm::tlm_generic_payload& gp, const sc_time& at,
                                               uint64_t& id) {
  FrontEndRequest r;
  const tlm::tlm_response_status status = take(initiator, gp, at, r);
  if (status != tlm::TLM_OK_RESPONSE || gp.get_command() == tlm::TLM_IGNORE_COMMAND) return status;
  id = r.id;
  transactions_[id].initiator = initiator;
  front_end_.push(r);
  return tlm::TLM_OK_RESPONSE;
}

void HbmController::b_transport(int initiator, tlm::tlm_generic_payload& gp, sc_time& delay) {
  if (mode_ == TimingMode::LooselyTimed) {
    serve_lt(initiator, gp, delay);
    return;
  }
  if (delay != SC_ZERO_TIME) {
    wait(delay);  // enter the core at the true arrival time
    delay = SC_ZERO_TIME;
  }
  uint64_t id = 0;
  const tlm::tlm_response_status status = accept(initiator, gp, sc_time_stamp() + delay, id);
  if (status != tlm::TLM_OK_RESPONSE || gp.get_command() == tlm::TLM_IGNORE_COMMAND) {
    gp.set_response_status(status);
    return;
  }
  sc_core::sc_event done;
  transactions_[id].done_event = &done;
  arrival_event_.notify(SC_ZERO_TIME);
  wait(done);
  transactions_.erase(id);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

// Debug transport: no time, no commands. Streaming width and byte enables follow the base
// protocol: byte i goes to address + i % streaming_width, and only if its enable (pattern
// repeated) is not TLM_BYTE_DISABLED.
unsigned int HbmController::transport_dbg(int /*initiator*/, tlm::tlm_generic_payload& gp) {
  const uint64_t addr = gp.get_address();
  const uint64_t capacity = spec_.org.capacity_bytes();
  uint8_t* data = gp.get_data_ptr();
  if (addr >= capacity || data == nullptr || !(gp.is_read() || gp.is_write())) return 0;
  const uint32_t width = gp.get_streaming_width() ? gp.get_streaming_width() : gp.get_data_length();
  const uint32_t len = uint32_t(std::min<uint64_t>(gp.get_data_length(), capacity - addr));
  const uint8_t* be = gp.get_byte_enable_ptr();
  const uint32_t be_len = gp.get_byte_enable_length();
  if (be == nullptr && width >= len) {
    gp.is_write() ? store_.write(addr, data, len) : store_.read(addr, data, len);
  } else {
    for (uint32_t i = 0; i < len; ++i) {
      if (be != nullptr && be_len > 0 && be[i % be_len] == TLM_BYTE_DISABLED) continue;
      const uint64_t at = addr + i % width;
      if (at >= capacity) continue;
      gp.is_write() ? store_.write(at, data + i, 1) : store_.read(at, data + i, 1);
    }
  }
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
  return len;
}

// DMI is refused: a direct pointer would bypass the controller's timing (docs/timing-model.md).
bool HbmController::get_direct_mem_ptr(int /*initiator*/, tlm::tlm_generic_payload& /*gp*/, tlm::tlm_dmi& dmi) {
  dmi.allow_none();
  return false;
}

void HbmController::on_access_queued(const Access& a, Cycle now) {
  for (ControllerListener* l : listeners_) l->on_access_queued(a, now);
}

void HbmController::on_command(const CommandRecord& r) {
  for (ControllerListener* l : listeners_) l->on_command(r);
}

void HbmController::on_read_data(const Access& a, const BurstData& data, Cycle cycle) {
  for (ControllerListener* l : listeners_) l->on_read_data(a, data, cycle);
}

void HbmController::on_access_done(const Access& a, RowOutcome outcome, Cycle done) {
  last_done_ = std::max(last_done_, done);
  for (ControllerListener* l : listeners_) l->on_access_done(a, outcome, done);
  CompletedRequest req;
  if (!front_end_.on_access_done(a, outcome, done, req)) return;
  if (request_observer_) request_observer_(req);
  Transaction& t = transactions_[req.id];
  t.finished = true;
  t.done = req.done;
  const sc_time at = time_of(req.done);
  const sc_time wait_for = at > sc_time_stamp() ? at - sc_time_stamp() : SC_ZERO_TIME;
  if (t.done_event != nullptr) t.done_event->notify(wait_for);
  if (t.gp != nullptr) responses_.notify(*t.gp, wait_for);
}

}  // namespace aimc
