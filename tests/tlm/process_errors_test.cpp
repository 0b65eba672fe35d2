// An exception thrown inside a SystemC process reaches sc_start's caller as itself while a
// ProcessErrorTrap is alive (the CLI's runs), and as SystemC's own report without one (an
// integrator's sc_main keeps SystemC's behaviour).
#include "models/tlm/process_errors.h"

#include <gtest/gtest.h>

#include "models/params/config_error.h"
#include "tests/tlm/systemc_test.h"

namespace aimc {
namespace {

// Two threads: one fails at 5 ns with a ConfigError, one would fail later with another error.
struct FailingModule : sc_core::sc_module {
  int later_ran = 0;
  explicit FailingModule(sc_core::sc_module_name name) : sc_module(name) {
    SC_HAS_PROCESS(FailingModule);
    SC_THREAD(first);
    SC_THREAD(second);
  }
  void first() {
    guard_process([] {
      sc_core::wait(5, sc_core::SC_NS);
      throw ConfigError("input.trace", 7, "stream_id", "bad stream");
    });
  }
  void second() {
    guard_process([this] {
      sc_core::wait(20, sc_core::SC_NS);
      ++later_ran;
      throw std::runtime_error("later failure");
    });
  }
};

class ProcessErrors : public test::SystemCTest {};

TEST_F(ProcessErrors, ATrapHandsTheFirstExceptionToTheCallerAndStopsTheSimulation) {
  FailingModule m("m");
  ProcessErrorTrap trap;
  sc_core::sc_start();
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::sc_time(5, sc_core::SC_NS));
  EXPECT_EQ(m.later_ran, 0);
  try {
    trap.rethrow_if_caught();
    FAIL() << "expected the process's ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "input.trace");
    EXPECT_EQ(e.line(), 7);
    EXPECT_EQ(e.field(), "stream_id");
  }
  EXPECT_NO_THROW(trap.rethrow_if_caught());  // handed over once
}

TEST_F(ProcessErrors, WithoutATrapSystemCReportsTheExceptionAsBefore) {
  FailingModule m("m");
  try {
    sc_core::sc_start();
    FAIL() << "expected SystemC's report";
  } catch (const sc_core::sc_report& r) {
    EXPECT_NE(std::string(r.what()).find("bad stream"), std::string::npos) << r.what();
  }
}

}  // namespace
}  // namespace aimc
