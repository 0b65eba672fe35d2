// HbmController's non-blocking interface: the TLM-2.0 base protocol's four phases on top of the
// exact engine (hbm_controller.cpp). BEGIN_REQ enters the front end at its time; END_REQ is sent
// when the front end reports the request's last access taken (on_admitted); BEGIN_RESP is
// sent at the last data beat through a payload event queue, one response at a time per
// initiator.
#include "models/tlm/hbm_controller.h"
#include "models/tlm/process_errors.h"

namespace aimc {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

HbmController::Binding& HbmController::binding(int initiator) {
  if (size_t(initiator) >= bindings_.size()) bindings_.resize(size_t(initiator) + 1);
  return bindings_[size_t(initiator)];
}

tlm::tlm_sync_enum HbmController::nb_transport_fw(int initiator, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                                  sc_time& delay) {
  if (phase == tlm::BEGIN_REQ) {
    if (mode_ != TimingMode::Exact) {
      SC_REPORT_ERROR("aimc/HbmController", "nb_transport_fw: the loosely-timed target serves b_transport only; "
                                            "build it with TimingMode::Exact for the non-blocking protocol");
      gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return tlm::TLM_COMPLETED;
    }
    uint64_t id = 0;
    const tlm::tlm_response_status status = accept(initiator, gp, sc_time_stamp() + delay, id);
    if (status != tlm::TLM_OK_RESPONSE || gp.get_command() == tlm::TLM_IGNORE_COMMAND) {
      gp.set_response_status(status);
      return tlm::TLM_COMPLETED;  // an error (or nothing to do) ends the transaction at once
    }
    if (gp.has_mm()) gp.acquire();  // held until the response phase ends
    transactions_[id].gp = &gp;
    nb_ids_[&gp] = id;
    arrival_event_.notify(SC_ZERO_TIME);
    return tlm::TLM_ACCEPTED;
  }
  if (phase == tlm::END_RESP) {
    Binding& b = binding(initiator);
    const auto found = nb_ids_.find(&gp);
    if (!b.response_busy || found == nb_ids_.end()) {
      SC_REPORT_ERROR("aimc/HbmController", "nb_transport_fw: END_RESP for a transaction without a response in flight");
      return tlm::TLM_COMPLETED;
    }
    b.response_busy = false;
    finish_transaction(found->second);
    send_next_response(initiator);
    return tlm::TLM_COMPLETED;
  }
  SC_REPORT_ERROR("aimc/HbmController", "nb_transport_fw: an initiator may send only BEGIN_REQ and END_RESP");
  return tlm::TLM_COMPLETED;
}

void HbmController::on_admitted(uint64_t id) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end() || found->second.gp == nullptr) return;  // a blocking call
  tlm::tlm_phase phase = tlm::END_REQ;
  sc_time delay = SC_ZERO_TIME;
  socket[found->second.initiator]->nb_transport_bw(*found->second.gp, phase, delay);
}

void HbmController::send_responses() {
  guard_process([this] { send_responses_body(); });
}

void HbmController::send_responses_body() {
  while (tlm::tlm_generic_payload* gp = responses_.get_next_transaction()) {
    const uint64_t id = nb_ids_.at(gp);
    const int initiator = transactions_.at(id).initiator;
    binding(initiator).responses.push_back(id);
    send_next_response(initiator);
  }
}

// The response exclusion rule: one BEGIN_RESP in flight per initiator.
void HbmController::send_next_response(int initiator) {
  Binding& b = binding(initiator);
  while (!b.response_busy && !b.responses.empty()) {
    const uint64_t id = b.responses.front();
    b.responses.pop_front();
    tlm::tlm_generic_payload& gp = *transactions_.at(id).gp;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    sc_time delay = SC_ZERO_TIME;
    b.response_busy = true;
    const tlm::tlm_sync_enum reply = socket[initiator]->nb_transport_bw(gp, phase, delay);
    if (reply == tlm::TLM_COMPLETED || (reply == tlm::TLM_UPDATED && phase == tlm::END_RESP)) {
      b.response_busy = false;
      finish_transaction(id);
    }
  }
}

void HbmController::finish_transaction(uint64_t id) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end()) return;
  tlm::tlm_generic_payload* gp = found->second.gp;
  transactions_.erase(found);
  if (gp == nullptr) return;
  nb_ids_.erase(gp);
  if (gp->has_mm()) gp->release();
}

}  // namespace aimc
