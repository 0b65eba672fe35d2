// Pacer: arrival times of a stream offered at a fixed bandwidth. Request k arrives when the
// bytes before it have been offered at rate_gbps (1 GB/s = 1 byte/ns); rate 0 means every
// request arrives at the start (a saturating source).
#pragma once

#include <cstdint>

namespace aimc {

class Pacer {
 public:
  Pacer(double start_ns, double rate_gbps) : start_ps_(start_ns * 1e3), rate_gbps_(rate_gbps) {}
  // Time of the next request, which carries `bytes`.
  uint64_t next(uint32_t bytes) {
    const double t = rate_gbps_ > 0 ? start_ps_ + double(offered_bytes_) * 1e3 / rate_gbps_ : start_ps_;
    offered_bytes_ += bytes;
    return t < 1.8e19 ? uint64_t(t) : UINT64_MAX;  // past any run: ScenarioTraffic refuses it
  }

 private:
  double start_ps_;
  double rate_gbps_;
  uint64_t offered_bytes_ = 0;
};

}  // namespace aimc
