// SystemCTest: a GoogleTest fixture that gives each test a fresh SystemC simulation context,
// so every test elaborates and simulates its own modules from time zero.
#pragma once

#include <gtest/gtest.h>

#include <systemc>

namespace aimc::test {

class SystemCTest : public ::testing::Test {
 protected:
  SystemCTest() {
    // The previous test's context is left alone (SystemC 2.3 cannot tear one down safely).
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  }
};

}  // namespace aimc::test
