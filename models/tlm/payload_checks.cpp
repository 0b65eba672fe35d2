#include "models/tlm/payload_checks.h"

#include <algorithm>

namespace aimc {

tlm::tlm_response_status check_payload(const tlm::tlm_generic_payload& gp, uint64_t capacity) {
  const tlm::tlm_command cmd = gp.get_command();
  if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND && cmd != tlm::TLM_IGNORE_COMMAND) {
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  const uint64_t addr = gp.get_address();
  const uint64_t len = gp.get_data_length();
  if (addr >= capacity || len > capacity - addr) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (cmd == tlm::TLM_IGNORE_COMMAND) return tlm::TLM_OK_RESPONSE;
  if (len == 0 || gp.get_data_ptr() == nullptr) return tlm::TLM_GENERIC_ERROR_RESPONSE;
  // Streaming (a width narrower than the data) would mean repeated accesses to one address
  // range; a memory controller does not offer it.
  if (gp.get_streaming_width() < len) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (gp.get_byte_enable_ptr() != nullptr && gp.get_byte_enable_length() == 0) {
    return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  }
  return tlm::TLM_OK_RESPONSE;
}

bool masks_bytes(const tlm::tlm_generic_payload& gp) {
  const unsigned char* be = gp.get_byte_enable_ptr();
  if (be == nullptr) return false;
  const uint32_t pattern = std::min(gp.get_byte_enable_length(), gp.get_data_length());
  for (uint32_t i = 0; i < pattern; ++i) {
    if (be[i] == TLM_BYTE_DISABLED) return true;
  }
  return false;
}

}  // namespace aimc
