// The request front end: the order in which its ports are admitted.
#include "models/core/request_front_end.h"

#include <gtest/gtest.h>

#include <vector>

#include "models/core/memory_controller.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

class QueuedOrder : public ControllerListener {
 public:
  void on_access_queued(const Access& a, Cycle) override { ids.push_back(a.request_id); }
  std::vector<uint64_t> ids;
};

// Ports 0 and 1 each hold ten requests to channel 0 from cycle 0; with one request lane the
// channel takes one access per cycle, so the rotation alone decides who goes first. Port 7's one
// request arrives at cycle 40, to another channel. Returns the order in which accesses were
// queued, with port 7's request pushed at the start (as a driver reading ahead does) or only
// when it arrives.
std::vector<uint64_t> admission_order(bool push_ahead) {
  ControllerConfig cfg;
  cfg.request_lanes = 1;
  QueuedOrder order;
  MemoryController mc(test::hbm3e(), cfg, order);
  RequestFrontEnd fe(mc, cfg.port_arbitration);
  auto address = [&](int channel, int64_t row) {
    DramAddress a;
    a.channel = channel;
    a.row = row;
    return mc.address_map().encode(a);
  };
  FrontEndRequest late{1000, 40, false, address(1, 0), 32};
  late.port = 7;
  for (uint64_t i = 0; i < 10; ++i) {
    for (uint32_t port : {0u, 1u}) {
      FrontEndRequest r{port * 100 + i, 0, false, address(0, int64_t(i)), 32};
      r.port = port;
      fe.push(r);
    }
  }
  if (push_ahead) fe.push(late);
  for (Cycle now = 0; now < 60; ++now) {
    if (!push_ahead && now == 40) fe.push(late);
    fe.admit(now);
    if (mc.next_event() <= now) mc.advance(now);
  }
  return order.ids;
}

// The rotation must not depend on how far ahead a driver pushes requests: the trace driver reads
// ahead, the TLM target pushes each request when it arrives, and both must admit alike (on a
// multi-stack trace replay they once took different accesses first and parted ways).
TEST(RequestFrontEnd, AdmissionOrderDoesNotDependOnHowFarAheadRequestsArePushed) {
  const std::vector<uint64_t> ahead = admission_order(true), on_arrival = admission_order(false);
  ASSERT_EQ(ahead.size(), 21u);
  EXPECT_EQ(ahead, on_arrival);
  // Both ports were served, taking turns.
  EXPECT_NE(ahead[0] / 100, ahead[1] / 100);
}

// Ports 5 and 7 (a stream's KV_READ and WEIGHT ports) each hold 40 requests to channel 0,
// which takes one access per cycle: the port that goes first in a pass takes it. Returns how
// many of the first 40 accesses port 5 took.
int port5_share(PortArbitration arbitration) {
  ControllerConfig cfg;
  cfg.request_lanes = 1;
  cfg.port_arbitration = arbitration;
  QueuedOrder order;
  MemoryController mc(test::hbm3e(), cfg, order);
  RequestFrontEnd fe(mc, cfg.port_arbitration);
  DramAddress a;
  for (uint64_t i = 0; i < 40; ++i) {
    for (uint32_t port : {5u, 7u}) {
      a.row = int64_t(i);
      FrontEndRequest r{port * 100 + i, 0, false, mc.address_map().encode(a), 32};
      r.port = port;
      fe.push(r);
    }
  }
  for (Cycle now = 0; order.ids.size() < 40; ++now) {
    fe.admit(now);
    if (mc.next_event() <= now) mc.advance(now);
  }
  int share = 0;
  for (size_t k = 0; k < 40; ++k) share += order.ids[k] / 100 == 5 ? 1 : 0;
  return share;
}

// Round robin shares the lane evenly whatever the ports' ids; the rotation over ids gives port 5
// every pass that starts at ids 0 to 5 (six in eight), which made results depend on the order
// of streams in a scenario.
TEST(RequestFrontEnd, RoundRobinSharesALaneEvenlyWhateverThePortIds) {
  EXPECT_EQ(port5_share(PortArbitration::RoundRobin), 20);
  EXPECT_EQ(port5_share(PortArbitration::IdRotation), 30);
}

}  // namespace
}  // namespace aimc
