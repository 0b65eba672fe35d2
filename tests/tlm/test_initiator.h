// Pieces the TLM target's tests share: a bare initiator module to bind to the target, and a
// generic payload filled for one transaction.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>

namespace aimc::test {

struct TestInitiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<TestInitiator> socket;
  explicit TestInitiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
};

// A streaming width of 0 means the data length (no streaming).
inline void fill_payload(tlm::tlm_generic_payload& gp, tlm::tlm_command cmd, uint64_t addr, uint8_t* data,
                         uint32_t len, uint32_t streaming_width = 0, uint8_t* byte_enables = nullptr,
                         uint32_t byte_enable_length = 0) {
  gp.set_command(cmd);
  gp.set_address(addr);
  gp.set_data_ptr(data);
  gp.set_data_length(len);
  gp.set_streaming_width(streaming_width ? streaming_width : len);
  gp.set_byte_enable_ptr(byte_enables);
  gp.set_byte_enable_length(byte_enable_length);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace aimc::test
