// Exceptions thrown inside SystemC processes. SystemC hands an exception that leaves a process
// to sc_start's caller as its own report E549 ("uncaught exception"), which keeps the message
// but not the exception: a ConfigError's file, line and field reach the caller as text, and
// the run ends as if SystemC had failed. While a ProcessErrorTrap is alive, a process body run
// through guard_process() keeps the first exception instead and stops the simulation; the
// trap's owner rethrows it once sc_start returns. With no trap (an integrator's own sc_main)
// the exception leaves the process as SystemC expects.
#pragma once

#include <systemc>

#include <exception>
#include <utility>

namespace aimc {

class ProcessErrorTrap {
 public:
  ProcessErrorTrap();
  ~ProcessErrorTrap();
  ProcessErrorTrap(const ProcessErrorTrap&) = delete;
  ProcessErrorTrap& operator=(const ProcessErrorTrap&) = delete;
  // Rethrows the exception a guarded process kept, if any (call after sc_start returns).
  void rethrow_if_caught();

  // For guard_process: whether a trap is alive; keeping an exception in it and stopping the
  // simulation.
  static bool active();
  static void stop_with(std::exception_ptr e);

 private:
  std::exception_ptr caught_;
  ProcessErrorTrap* outer_;
};

// Runs a SystemC process's body. SystemC's own unwinding (a thread killed or reset) passes
// through untouched.
template <typename Body>
void guard_process(Body&& body) {
  try {
    std::forward<Body>(body)();
  } catch (const sc_core::sc_unwind_exception&) {
    throw;
  } catch (...) {
    if (!ProcessErrorTrap::active()) throw;
    ProcessErrorTrap::stop_with(std::current_exception());
  }
}

}  // namespace aimc
