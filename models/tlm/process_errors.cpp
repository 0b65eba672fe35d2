#include "models/tlm/process_errors.h"

namespace aimc {

namespace {
// SystemC runs every process on one OS thread, so one trap at a time is all a run needs; an
// inner trap (a run inside a run, as in tests) shadows the outer one while it lives.
ProcessErrorTrap* g_active_trap = nullptr;
}  // namespace

ProcessErrorTrap::ProcessErrorTrap() : outer_(g_active_trap) { g_active_trap = this; }

ProcessErrorTrap::~ProcessErrorTrap() { g_active_trap = outer_; }

void ProcessErrorTrap::rethrow_if_caught() {
  if (!caught_) return;
  std::exception_ptr e = std::exchange(caught_, nullptr);
  std::rethrow_exception(e);
}

bool ProcessErrorTrap::active() { return g_active_trap != nullptr; }

void ProcessErrorTrap::stop_with(std::exception_ptr e) {
  if (g_active_trap->caught_) return;  // the first one is the cause; the simulation is stopping
  g_active_trap->caught_ = std::move(e);
  // The error is the message; SystemC's note that the simulation stopped is not (its kernel's
  // notes go out as infos of this type).
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_stop();
}

}  // namespace aimc
