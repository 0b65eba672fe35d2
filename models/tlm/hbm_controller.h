// HbmController: the SystemC/TLM-2.0 HBM3E controller. A multi-passthrough target socket serves
// any number of initiators; every transaction's timing is the real command schedule of
// models/core (never a fixed delay), and its data lives in a sparse BackingStore.
//
// Interfaces and timing modes (docs/timing-model.md):
//   Exact, blocking (b_transport): the call waits for its annotated delay, so the request
//          enters the core at its true arrival time, and returns when its last data beat has
//          moved. A core "engine" method steps the controller in SystemC time (the step of
//          cycle c runs at (c + 1/2) tCK, after every arrival of that cycle). Same front end
//          and same loop as the trace driver: for the same arrivals, the same command trace.
//   Exact, non-blocking (nb_transport, the 4-phase base protocol): BEGIN_REQ enters the core at
//          its time plus the annotated delay; END_REQ comes when the request's last 32 B access
//          has been taken into its channel queue (withheld while that queue is full:
//          backpressure); BEGIN_RESP comes at the last data beat. Responses to one initiator
//          follow the base protocol's exclusion rule (the next waits for END_RESP, or for a
//          TLM_COMPLETED return). Same engine as the blocking interface, so the same commands.
//   LooselyTimed (b_transport only): for initiators that decouple time with tlm_quantumkeeper.
//          The call never waits: an analytic model (LtTimingModel) books the request's
//          accesses at the initiator's local time against everything booked before and
//          annotates the delay to its last data beat. No clock is stepped and no command
//          stream is produced; the timing is approximate, and its error against Exact is
//          measured on every shipped scenario (docs/timing-model.md). A request that arrives
//          behind one already booked on its pseudo-channel (initiators a quantum apart) is
//          booked after it where they compete; such requests are counted (late_admissions).
// Each initiator (socket binding) has its own request identities and its own front-end port per
// stream and class, so initiators never collide and none waits behind another's burst.
// Data is functional at arrival: a write is visible to every later request.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/peq_with_get.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "models/core/flat_hash_map.h"
#include "models/core/memory_controller.h"
#include "models/core/request_front_end.h"
#include "models/tlm/backing_store.h"
#include "models/tlm/lt_timing_model.h"

namespace aimc {

enum class TimingMode { Exact, LooselyTimed };

class HbmController : public sc_core::sc_module, private ControllerListener {
 public:
  tlm_utils::multi_passthrough_target_socket<HbmController> socket;

  // backend: the controller behind the socket (null: the C++ core; the Verilated RTL through
  // its pin-level adapter, tb/rtl/rtl_controller.h, makes this a TLM-to-pin adapter).
  HbmController(sc_core::sc_module_name name, const MemSpec& spec, const ControllerConfig& cfg, TimingMode mode,
                const BackendFactory& backend = nullptr);

  void add_listener(ControllerListener* l) { listeners_.push_back(l); }
  // Told of every request whose last access finished (statistics).
  void set_request_observer(std::function<void(const CompletedRequest&)> f) { request_observer_ = std::move(f); }
  TimingMode mode() const { return mode_; }
  const BackingStore& store() const { return store_; }
  sc_core::sc_time time_of(Cycle c) const;
  uint64_t stall_cycles() const { return stall_cycles_; }  // cycles the front end waited for queue space
  Cycle cycle_at(const sc_core::sc_time& t) const;  // first cycle at or after t
  // Loosely timed: accesses that arrived behind a later one already booked on their
  // pseudo-channel, and by how many cycles in total (docs/timing-model.md).
  uint64_t late_admissions() const { return late_admissions_; }
  uint64_t late_cycles() const { return late_cycles_; }
  // Loosely timed: requests answered before the time the model booked for them, and by how many
  // cycles in total. A write is answered as if it drained at once, and booked when its
  // pseudo-channel's queued writes drain (docs/timing-model.md); a read is booked when answered.
  uint64_t early_answers() const { return early_answers_; }
  uint64_t early_answer_cycles() const { return early_answer_cycles_; }
  // Loosely timed: the analytic model's command and row counts (null in Exact mode).
  const LtTimingModel* lt_model() const { return lt_.get(); }
  // Loosely timed: books the writes still queued in the model, so that every request is
  // reported to the observers. Called at the end of the simulation, and by run_scenario_tlm.
  void drain_loosely_timed();
  // Identities the target gave transactions that came without a usable one of their own (no
  // StreamExtension request_id, or one already in flight from another initiator) start here.
  static constexpr uint64_t kFirstTargetId = uint64_t{1} << 62;

 private:
  // One transaction in flight.
  struct Transaction {
    int initiator = 0;
    tlm::tlm_generic_payload* gp = nullptr;   // non-blocking only
    sc_core::sc_event* done_event = nullptr;  // exact blocking only
    bool finished = false;
    Cycle done = 0;
  };
  // Base-protocol response state of one initiator (socket binding).
  struct Binding {
    bool response_busy = false;       // a BEGIN_RESP awaits its END_RESP
    std::deque<uint64_t> responses;   // ready to send, in completion order
  };

  void b_transport(int initiator, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  tlm::tlm_sync_enum nb_transport_fw(int initiator, tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                     sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& gp);
  bool get_direct_mem_ptr(int initiator, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
  void engine();     // exact mode: steps the core in SystemC time (guard_process around engine_body)
  void engine_body();
  void step_core();  // one step: admit arrivals, advance the controller, plan the next step
  void replan_for_arrivals();
  void serve_lt(int initiator, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  void on_lt_booked(uint64_t tag, const DramAddress& a, bool is_write, const LtTimingModel::Result& r);
  void end_of_simulation() override { drain_loosely_timed(); }
  void apply_data(tlm::tlm_generic_payload& gp);
  // Checks the payload, stores its data and makes the request the front end would take;
  // returns the status (anything but OK: the transaction ends here).
  tlm::tlm_response_status take(int initiator, tlm::tlm_generic_payload& gp, const sc_core::sc_time& at,
                                FrontEndRequest& r);
  // take(), then hands the request to the front end; also gives the transaction's identity.
  tlm::tlm_response_status accept(int initiator, tlm::tlm_generic_payload& gp, const sc_core::sc_time& at,
                                  uint64_t& id);
  uint64_t identity_for(uint64_t requested);
  uint32_t port_for(int initiator, uint32_t stream_id, StreamClass cls);
  void on_admitted(uint64_t id);  // END_REQ for non-blocking transactions
  void send_responses();          // the response PEQ's method: BEGIN_RESP at the last data beat
  void send_responses_body();
  void send_next_response(int initiator);
  void finish_transaction(uint64_t id);
  Binding& binding(int initiator);

  ControllerListener& listener() { return *this; }  // the backend reports here
  void on_access_queued(const Access& a, Cycle now) override;
  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;
  void on_read_data(const Access& a, const BurstData& data, Cycle cycle) override;

  MemSpec spec_;
  TimingMode mode_;
  bool read_modify_write_;
  std::unique_ptr<ControllerBackend> controller_;
  std::unique_ptr<LtTimingModel> lt_;           // LooselyTimed only
  std::vector<Cycle> lt_newest_arrival_;        // per pseudo-channel, LooselyTimed only
  // LooselyTimed: requests with accesses not yet booked (writes wait in the model's queues).
  struct LtRequest {
    CompletedRequest report;
    uint32_t unbooked = 0;
    Cycle answered = kNever;  // the done cycle b_transport annotated; kNever until it returns
  };
  FlatHashMap<uint64_t, LtRequest> lt_requests_;  // by tag
  uint64_t lt_next_tag_ = 0;
  RequestFrontEnd front_end_;
  BackingStore store_;
  std::vector<ControllerListener*> listeners_;
  std::function<void(const CompletedRequest&)> request_observer_;
  std::unordered_map<uint64_t, Transaction> transactions_;
  std::unordered_map<const tlm::tlm_generic_payload*, uint64_t> nb_ids_;
  std::vector<Binding> bindings_;
  // Front-end port of each (initiator, stream, class): port_of(stream, class) when no other
  // initiator holds it, so one initiator's ports are the trace driver's; else the next free one.
  std::map<std::tuple<int, uint32_t, StreamClass>, uint32_t> ports_;
  std::vector<bool> port_taken_;
  tlm_utils::peq_with_get<tlm::tlm_generic_payload> responses_;
  sc_core::sc_event arrival_event_;
  uint64_t next_id_ = kFirstTargetId;
  Cycle now_ = 0;          // the core's next step
  Cycle last_step_ = kNever;
  uint64_t stall_cycles_ = 0;
  bool stalled_ = false;  // the last step left a port waiting at a full queue
  uint64_t late_admissions_ = 0, late_cycles_ = 0;
  uint64_t early_answers_ = 0, early_answer_cycles_ = 0;
  // The request whose last access was booked inside its own b_transport call, and when.
  uint64_t lt_booked_in_call_ = ~uint64_t{0};
  Cycle lt_booked_in_call_done_ = 0;
  void note_answer(Cycle answered, Cycle booked);
  Cycle last_done_ = 0;  // the latest last-data-beat cycle of any access so far
};

}  // namespace aimc
