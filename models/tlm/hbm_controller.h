// HbmController: the SystemC/TLM-2.0 loosely-timed HBM3E controller. A multi-passthrough target
// socket serves any number of initiators; b_transport computes the real command schedule with
// models/core (never a fixed delay) and keeps the data in a sparse BackingStore.
//
// Timing modes (docs/timing-model.md):
//   Exact: b_transport first waits for the annotated delay, so a request enters the core at its
//          true arrival time; a core "engine" method steps the controller in SystemC time (the
//          step of cycle c runs at (c + 1/2) tCK, after every arrival of that cycle), and the
//          call returns when the request's last data beat has moved. Same front end and same
//          loop as the trace driver: for the same arrivals, the same command trace.
//   LooselyTimed: for initiators that decouple time with tlm_quantumkeeper. The request enters
//          the core at the initiator's local time; the core runs up to the next global-quantum
//          boundary (all arrivals before it are known by then), the call waits at quantum
//          boundaries only while its request is unfinished, and the delay to its completion is
//          annotated. A request that arrives behind the core's time (an initiator that broke the
//          quantum) is admitted at the first cycle not yet stepped.
// Data is functional at arrival: a write is visible to every later request.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "models/core/memory_controller.h"
#include "models/core/request_front_end.h"
#include "models/tlm/backing_store.h"

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

 private:
  void b_transport(int initiator, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& gp);
  bool get_direct_mem_ptr(int initiator, tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);
  void engine();     // exact mode: steps the core in SystemC time
  void step_core();  // one step: admit arrivals, advance the controller, plan the next step
  void replan_for_arrivals();
  void run_until_done_lt(uint64_t id);
  void apply_data(tlm::tlm_generic_payload& gp);

  ControllerListener& listener() { return *this; }  // the backend reports here
  void on_access_queued(const Access& a, Cycle now) override;
  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;

  struct Waiter {
    sc_core::sc_event* done_event = nullptr;  // exact mode
    bool finished = false;
    Cycle done = 0;
  };

  MemSpec spec_;
  TimingMode mode_;
  std::unique_ptr<ControllerBackend> controller_;
  RequestFrontEnd front_end_;
  BackingStore store_;
  std::vector<ControllerListener*> listeners_;
  std::function<void(const CompletedRequest&)> request_observer_;
  std::unordered_map<uint64_t, Waiter> waiters_;
  sc_core::sc_event arrival_event_;
  uint64_t next_id_ = 0;
  Cycle now_ = 0;          // the core's next step
  Cycle last_step_ = kNever;
  uint64_t stall_cycles_ = 0;
  Cycle last_done_ = 0;  // the latest last-data-beat cycle of any access so far
};

}  // namespace aimc
