// Generic-payload checks of the HBM controller target, in the order the TLM-2.0 base protocol
// suggests (command, address, data, burst, byte enables). Returns TLM_OK_RESPONSE or the error
// response the payload deserves; the target sets it and does nothing else.
#pragma once

#include <tlm>

#include <cstdint>

namespace aimc {

tlm::tlm_response_status check_payload(const tlm::tlm_generic_payload& gp, uint64_t capacity_bytes);
// Whether the payload's byte enables disable any of its bytes (a masked write).
bool masks_bytes(const tlm::tlm_generic_payload& gp);

}  // namespace aimc
