// Several initiators on one target: identities that collide across initiators, untagged and
// tagged initiators together, and per-initiator ports (nobody waits behind another's burst).
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <algorithm>
#include <array>
#include <vector>

#include "models/tlm/hbm_controller.h"
#include "models/tlm/stream_extension.h"
#include "tests/support/test_support.h"
#include "tests/tlm/systemc_test.h"
#include "tests/tlm/test_initiator.h"

namespace aimc {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

struct Cpu : test::TestInitiator {
  using TestInitiator::TestInitiator;
  // One blocking transaction; `request_id` tags it (kUnnamed: untagged). Returns the status.
  tlm::tlm_response_status transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, uint32_t len,
                                     uint64_t request_id, uint32_t stream = 0) {
    tlm::tlm_generic_payload gp;
    test::fill_payload(gp, cmd, addr, data, len);
    StreamExtension tag(stream, StreamClass::BEST_EFFORT, 0);
    tag.request_id = request_id;
    gp.set_extension(&tag);
    sc_time delay = SC_ZERO_TIME;
    socket->b_transport(gp, delay);
    gp.clear_extension(&tag);
    return gp.get_response_status();
  }
};

class MultiInitiatorTest : public test::SystemCTest {
 protected:
  MemSpec spec_ = test::hbm3e();
};

// Two initiators that both name their transactions 0, 1, 2, ... at the same times, and a
// third that names none: every transaction completes with its own data.
TEST_F(MultiInitiatorTest, CollidingAndMissingIdentitiesAreKeptApart) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  Cpu a("a"), b("b"), c("c");
  a.socket.bind(mem.socket);
  b.socket.bind(mem.socket);
  c.socket.bind(mem.socket);
  constexpr int kEach = 200;
  int ok = 0, wrong_data = 0;
  auto play = [&](Cpu& cpu, uint64_t base, bool tagged) {
    for (int i = 0; i < kEach; ++i) {
      std::array<uint8_t, 64> out{}, in{};
      out.fill(uint8_t(base / 4096 + uint64_t(i)));
      const uint64_t addr = base + uint64_t(i) * 64;
      const uint64_t id = tagged ? uint64_t(i) : StreamExtension::kUnnamed;
      ok += cpu.transport(tlm::TLM_WRITE_COMMAND, addr, out.data(), 64, id) == tlm::TLM_OK_RESPONSE;
      ok += cpu.transport(tlm::TLM_READ_COMMAND, addr, in.data(), 64, id) == tlm::TLM_OK_RESPONSE;
      wrong_data += in != out;
    }
  };
  // Several threads per initiator, so identities collide within an initiator too.
  for (int k = 0; k < 3; ++k) {
    sc_core::sc_spawn([&, k] { play(a, uint64_t(k) << 20, true); });
    sc_core::sc_spawn([&, k] { play(b, (uint64_t(k) << 20) + (64 << 20), true); });
    sc_core::sc_spawn([&, k] { play(c, (uint64_t(k) << 20) + (128 << 20), false); });
  }
  sc_core::sc_start();
  EXPECT_EQ(ok, 3 * 3 * 2 * kEach);
  EXPECT_EQ(wrong_data, 0);
}

// An untagged initiator's 32 B read is not queued behind another untagged initiator's 1 MiB
// write: each initiator has its own front-end port. It still competes for the channel queues
// the burst fills, but its channel takes it at once (sharing one in-order port, it would wait
// until the burst's last access had been taken). Once queued, FR-FCFS serves it by its
// request's age: the burst's request is older, so the read's RD waits while the burst's row
// hits keep the column bus busy, and it completes before the burst's last access, not long before.
TEST_F(MultiInitiatorTest, OneInitiatorDoesNotWaitBehindAnothersBurst) {
  struct Queued : ControllerListener {
    void on_access_queued(const Access& a, Cycle now) override {
      if (a.is_write) last_write = std::max(last_write, now);
      else read = now;
    }
    Cycle read = kNever, last_write = 0;
  } queued;
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  mem.add_listener(&queued);
  Cpu dma("dma"), cpu("cpu");
  dma.socket.bind(mem.socket);
  cpu.socket.bind(mem.socket);
  std::vector<uint8_t> burst(1 << 20, 7);
  sc_time burst_done = SC_ZERO_TIME, read_done = SC_ZERO_TIME;
  sc_core::sc_spawn([&] {
    EXPECT_EQ(dma.transport(tlm::TLM_WRITE_COMMAND, 0, burst.data(), uint32_t(burst.size()), StreamExtension::kUnnamed),
              tlm::TLM_OK_RESPONSE);
    burst_done = sc_core::sc_time_stamp();
  });
  sc_core::sc_spawn([&] {
    wait(sc_time(10, SC_NS));  // the burst is in the front end by now
    std::array<uint8_t, 32> in{};
    EXPECT_EQ(cpu.transport(tlm::TLM_READ_COMMAND, 512 << 20, in.data(), 32, StreamExtension::kUnnamed),
              tlm::TLM_OK_RESPONSE);
    read_done = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  // 1 MiB takes at least 853 ns at the stack's 1228.8 GB/s.
  EXPECT_GT(burst_done, sc_time(850, SC_NS));
  EXPECT_LT(queued.read, queued.last_write / 10) << "the read was taken at cycle " << queued.read
                                                  << ", the burst's last access at " << queued.last_write;
  EXPECT_LT(read_done, burst_done) << "read done at " << read_done << ", burst at " << burst_done;
}

}  // namespace
}  // namespace aimc
