// The target's non-blocking interface, phase by phase: END_REQ on admission and withheld while
// the queue is full, BEGIN_RESP at the last data beat (the blocking interface's completion),
// one response at a time per initiator, and errors that end a transaction at BEGIN_REQ.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <vector>

#include "models/tlm/hbm_controller.h"
#include "tests/support/test_support.h"
#include "tests/tlm/systemc_test.h"

namespace aimc {
namespace {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

// An AT initiator that records when each phase of each transaction came. With
// `hold_responses` it answers BEGIN_RESP with TLM_ACCEPTED and sends END_RESP 10 ns later.
struct AtCpu : sc_core::sc_module {
  struct Txn {
    tlm::tlm_generic_payload gp;
    std::array<uint8_t, 64> data{};
    sc_time begin_req, end_req, begin_resp;
    bool responded = false;
  };
  tlm_utils::simple_initiator_socket<AtCpu> socket;
  bool hold_responses = false;
  std::deque<Txn> txns;
  sc_core::sc_event end_req_event;
  std::vector<sc_time> end_resp_sent;

  explicit AtCpu(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
    socket.register_nb_transport_bw(this, &AtCpu::nb_transport_bw);
  }
  Txn& find(tlm::tlm_generic_payload& gp) {
    for (Txn& t : txns) {
      if (&t.gp == &gp) return t;
    }
    throw std::logic_error("unknown payload");
  }
  // Sends BEGIN_REQ for a read of `len` bytes at `addr`; returns the call's result.
  tlm::tlm_sync_enum begin(uint64_t addr, uint32_t len = 64) {
    Txn& t = txns.emplace_back();
    t.gp.set_command(tlm::TLM_READ_COMMAND);
    t.gp.set_address(addr);
    t.gp.set_data_ptr(t.data.data());
    t.gp.set_data_length(len);
    t.gp.set_streaming_width(len);
    t.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    t.begin_req = sc_time_stamp();
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_time delay = SC_ZERO_TIME;
    return socket->nb_transport_fw(t.gp, phase, delay);
  }
  // Sends BEGIN_REQ and waits for END_REQ (the request exclusion rule).
  void request(uint64_t addr) {
    const size_t index = txns.size();
    begin(addr);
    while (txns[index].end_req == SC_ZERO_TIME) wait(end_req_event);
  }
  tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_time& delay) {
    Txn& t = find(gp);
    if (phase == tlm::END_REQ) {
      t.end_req = sc_time_stamp() + delay;
      end_req_event.notify();
      return tlm::TLM_ACCEPTED;
    }
    EXPECT_EQ(phase, tlm::BEGIN_RESP);
    t.begin_resp = sc_time_stamp() + delay;
    t.responded = true;
    if (!hold_responses) return tlm::TLM_COMPLETED;
    sc_core::sc_spawn([this, &t] {
      wait(sc_time(10, SC_NS));
      end_resp_sent.push_back(sc_time_stamp());
      tlm::tlm_phase end = tlm::END_RESP;
      sc_time d = SC_ZERO_TIME;
      socket->nb_transport_fw(t.gp, end, d);
    });
    return tlm::TLM_ACCEPTED;
  }
};

class AtProtocolTest : public test::SystemCTest {
 protected:
  MemSpec spec_ = test::hbm3e();
};

TEST_F(AtProtocolTest, ResponseComesAtTheLastDataBeatLikeTheBlockingCall) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  AtCpu cpu("cpu");
  cpu.socket.bind(mem.socket);
  sc_core::sc_spawn([&] { cpu.request(4096); });
  sc_core::sc_start();
  ASSERT_EQ(cpu.txns.size(), 1u);
  const AtCpu::Txn& t = cpu.txns[0];
  ASSERT_TRUE(t.responded);
  EXPECT_EQ(t.gp.get_response_status(), tlm::TLM_OK_RESPONSE);
  EXPECT_GT(t.end_req, t.begin_req);
  EXPECT_LE(t.end_req, mem.time_of(2));  // taken into its queue in the first cycles
  // Idle bank: ACT, tRCDRD, RD, CL, then the two 32 B accesses' bursts.
  const sc_time floor = mem.time_of(Cycle(spec_.t.nRCDRD + spec_.t.nCL + spec_.t.nBL));
  EXPECT_GE(t.begin_resp, floor);
  EXPECT_LT(t.begin_resp, floor + mem.time_of(20));

  // The blocking call to the same address in a fresh target answers at the same time.
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  HbmController mem2("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  AtCpu blocking("blocking");
  blocking.socket.bind(mem2.socket);
  sc_time done = SC_ZERO_TIME;
  sc_core::sc_spawn([&] {
    tlm::tlm_generic_payload gp;
    std::array<uint8_t, 64> data{};
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(4096);
    gp.set_data_ptr(data.data());
    gp.set_data_length(64);
    gp.set_streaming_width(64);
    sc_time delay = SC_ZERO_TIME;
    blocking.socket->b_transport(gp, delay);
    done = sc_time_stamp() + delay;
  });
  sc_core::sc_start();
  EXPECT_EQ(done, t.begin_resp);
}

// A queue of 4 slots on one pseudo-channel: requests beyond it get END_REQ only when a slot
// frees (backpressure), and every one is answered.
TEST_F(AtProtocolTest, EndRequestIsWithheldWhileTheQueueIsFull) {
  ControllerConfig cfg;
  cfg.queue_depth = 4;
  HbmController mem("mem", spec_, cfg, TimingMode::Exact);
  AtCpu cpu("cpu");
  cpu.socket.bind(mem.socket);
  const uint64_t row_stride = uint64_t(spec_.org.row_bytes()) * 1024;  // far apart: row conflicts
  sc_core::sc_spawn([&] {
    for (int i = 0; i < 12; ++i) cpu.request(uint64_t(i) * row_stride);
  });
  sc_core::sc_start();
  ASSERT_EQ(cpu.txns.size(), 12u);
  int withheld = 0;
  for (const AtCpu::Txn& t : cpu.txns) {
    EXPECT_TRUE(t.responded);
    withheld += t.end_req - t.begin_req > mem.time_of(4);
  }
  EXPECT_GT(withheld, 0) << "a full queue held END_REQ back";
}

// With an initiator that holds each response until its END_RESP, the target sends the next
// BEGIN_RESP only after it.
TEST_F(AtProtocolTest, OneResponseAtATimePerInitiator) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  AtCpu cpu("cpu");
  cpu.hold_responses = true;
  cpu.socket.bind(mem.socket);
  sc_core::sc_spawn([&] {
    for (int i = 0; i < 6; ++i) cpu.request(uint64_t(i) * 64);  // one row: responses bunch up
  });
  sc_core::sc_start();
  ASSERT_EQ(cpu.end_resp_sent.size(), 6u);
  std::vector<sc_time> responses;
  for (const AtCpu::Txn& t : cpu.txns) responses.push_back(t.begin_resp);
  std::sort(responses.begin(), responses.end());
  for (size_t i = 1; i < responses.size(); ++i) {
    EXPECT_GE(responses[i], cpu.end_resp_sent[i - 1]) << "BEGIN_RESP " << i << " before END_RESP " << i - 1;
  }
}

TEST_F(AtProtocolTest, AnErrorEndsTheTransactionAtBeginRequest) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  AtCpu cpu("cpu");
  cpu.socket.bind(mem.socket);
  tlm::tlm_sync_enum reply = tlm::TLM_ACCEPTED;
  sc_core::sc_spawn([&] { reply = cpu.begin(spec_.org.capacity_bytes()); });
  sc_core::sc_start();
  EXPECT_EQ(reply, tlm::TLM_COMPLETED);
  EXPECT_EQ(cpu.txns[0].gp.get_response_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace aimc
