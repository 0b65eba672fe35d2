// The TLM-2.0 controller: generic-payload responses, data, debug transport, DMI refusal, and
// exact-mode timing that matches the controller core.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <array>
#include <functional>
#include <random>

#include "models/tlm/hbm_controller.h"
#include "models/tlm/stream_extension.h"
#include "tb/sim/trace_driver.h"
#include "tb/tlm/traffic_initiator.h"
#include "tb/trace/trace_reader.h"
#include "tb/traffic/synthetic_trace.h"
#include "tests/support/test_support.h"
#include "tests/tlm/systemc_test.h"
#include "tests/tlm/test_initiator.h"

namespace aimc {
namespace {

using sc_core::sc_time;
using sc_core::SC_PS;
using sc_core::SC_ZERO_TIME;

using test::TestInitiator;

class TlmTest : public test::SystemCTest {
 protected:
  TlmTest() : spec_(test::hbm3e()) {}

  void build(TimingMode mode, ControllerConfig cfg = {}) {
    mem_ = std::make_unique<HbmController>("mem", spec_, cfg, mode);
    cpu_ = std::make_unique<TestInitiator>("cpu");
    cpu_->socket.bind(mem_->socket);
  }
  // Runs `body` in a thread of the simulation and simulates until nothing is left to do.
  void run(std::function<void()> body) {
    sc_core::sc_spawn(std::move(body));
    sc_core::sc_start();
  }
  tlm::tlm_response_status transport(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, uint32_t len,
                                     sc_time& delay, uint32_t streaming_width = 0, uint8_t* byte_enables = nullptr,
                                     uint32_t byte_enable_length = 0) {
    tlm::tlm_generic_payload gp;
    test::fill_payload(gp, cmd, addr, data, len, streaming_width, byte_enables, byte_enable_length);
    cpu_->socket->b_transport(gp, delay);
    return gp.get_response_status();
  }

  MemSpec spec_;
  std::unique_ptr<HbmController> mem_;
  std::unique_ptr<TestInitiator> cpu_;
};

TEST_F(TlmTest, AddressBeyondTheStackIsAnAddressError) {
  build(TimingMode::Exact);
  std::array<uint8_t, 64> buf{};
  run([&] {
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(transport(tlm::TLM_READ_COMMAND, spec_.org.capacity_bytes(), buf.data(), 64, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(transport(tlm::TLM_READ_COMMAND, spec_.org.capacity_bytes() - 32, buf.data(), 64, d),
              tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
}

TEST_F(TlmTest, StreamingIsABurstErrorAndBadByteEnablesAByteEnableError) {
  build(TimingMode::Exact);
  std::array<uint8_t, 64> buf{};
  run([&] {
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(transport(tlm::TLM_WRITE_COMMAND, 0, buf.data(), 64, d, 32), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(transport(tlm::TLM_READ_COMMAND, 0, buf.data(), 64, d, 64, buf.data(), 0),
              tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
  });
}

TEST_F(TlmTest, IgnoreCommandIsAcceptedWithoutTime) {
  build(TimingMode::Exact);
  uint8_t b = 0;
  run([&] {
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(transport(tlm::TLM_IGNORE_COMMAND, 0, &b, 1, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(sc_core::sc_time_stamp(), SC_ZERO_TIME);
  });
}

TEST_F(TlmTest, ReadsReturnTheLastWrittenBytesWithByteEnables) {
  build(TimingMode::Exact);
  run([&] {
    sc_time d = SC_ZERO_TIME;
    std::array<uint8_t, 100> out{}, in{};
    for (size_t i = 0; i < in.size(); ++i) in[i] = uint8_t(i + 1);
    ASSERT_EQ(transport(tlm::TLM_WRITE_COMMAND, 0x1234, in.data(), 100, d), tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(transport(tlm::TLM_READ_COMMAND, 0x1234, out.data(), 100, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(out, in);
    // Overwrite every other byte of the first 8 through a byte-enable pattern.
    std::array<uint8_t, 8> ones;
    ones.fill(0xFF);
    std::array<uint8_t, 2> be = {0xFF, 0x00};
    ASSERT_EQ(transport(tlm::TLM_WRITE_COMMAND, 0x1234, ones.data(), 8, d, 8, be.data(), 2), tlm::TLM_OK_RESPONSE);
    ASSERT_EQ(transport(tlm::TLM_READ_COMMAND, 0x1234, out.data(), 8, d), tlm::TLM_OK_RESPONSE);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], i % 2 == 0 ? 0xFF : i + 1) << i;
  });
}

TEST_F(TlmTest, DebugTransportAndDmiRefusal) {
  build(TimingMode::Exact);
  std::array<uint8_t, 16> in{}, out{};
  in.fill(0xAB);
  run([&] {  // multi-sockets finish binding at the end of elaboration
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(spec_.org.capacity_bytes() - 16);
    gp.set_data_ptr(in.data());
    gp.set_data_length(16);
    EXPECT_EQ(cpu_->socket->transport_dbg(gp), 16u);
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_data_ptr(out.data());
    EXPECT_EQ(cpu_->socket->transport_dbg(gp), 16u);
    EXPECT_EQ(out, in);
    EXPECT_EQ(sc_core::sc_time_stamp(), SC_ZERO_TIME) << "debug transport takes no time";
    tlm::tlm_dmi dmi;
    EXPECT_FALSE(cpu_->socket->get_direct_mem_ptr(gp, dmi));
  });
}

// One cycle of request register, then ACT, tRCD, CL and the burst.
TEST_F(TlmTest, ExactReadOfAClosedBankTakesRequestRegisterPlusRcdPlusClPlusBurst) {
  build(TimingMode::Exact);
  const Timing& t = spec_.t;
  run([&] {
    std::array<uint8_t, 32> buf{};
    sc_time d(10, sc_core::SC_NS);
    ASSERT_EQ(transport(tlm::TLM_READ_COMMAND, 0, buf.data(), 32, d), tlm::TLM_OK_RESPONSE);
    const Cycle arrival = mem_->cycle_at(sc_time(10, sc_core::SC_NS));
    EXPECT_EQ(sc_core::sc_time_stamp(), mem_->time_of(arrival + Cycle(1 + t.nRCDRD + t.nCL + t.nBL)));
    EXPECT_EQ(d, SC_ZERO_TIME);
  });
}

TEST_F(TlmTest, UntaggedTrafficIsBestEffort) {
  tlm::tlm_generic_payload gp;
  EXPECT_EQ(stream_of(gp).stream_class, StreamClass::BEST_EFFORT);
  StreamExtension ext(7, StreamClass::KV_READ, 3);
  gp.set_extension(&ext);
  EXPECT_EQ(stream_of(gp).stream_class, StreamClass::KV_READ);
  EXPECT_EQ(stream_of(gp).stream_id, 7u);
  gp.clear_extension(&ext);
}

// The same arrivals through the TLM model (exact mode, one thread per request) and through the
// trace driver give the same command trace, command for command.
TEST_F(TlmTest, ExactModeCommandTraceIsIdenticalToTheCore) {
  struct Req {
    uint64_t time_ps;
    bool write;
    uint64_t addr;
    uint32_t bytes;
  };
  std::mt19937_64 rng(11);
  std::vector<Req> reqs;
  uint64_t t = 0, next = 0;
  for (int i = 0; i < 4000; ++i) {
    if (rng() % 100 < 40) next = (rng() % (spec_.org.capacity_bytes() / 256)) * 256;
    const uint32_t bytes = (rng() % 2) ? 64 : 32;
    reqs.push_back({t, rng() % 100 < 35, next, bytes});
    next += bytes;
    if (rng() % 100 < 30) t += rng() % 3000;
  }
  std::string text;
  for (const Req& r : reqs) text += std::to_string(r.time_ps) + (r.write ? " W " : " R ") + std::to_string(r.addr) + " " + std::to_string(r.bytes) + "\n";
  const std::string path = test::write_temp("tlm_vs_core.trace", text);

  test::Recorder core_rec;
  {
    TraceDriver driver(spec_, ControllerConfig{});
    driver.add_listener(&core_rec);
    TraceReader reader(path, TraceFormat::Native, spec_.tCK_ps, spec_.org.capacity_bytes());
    driver.run(reader);
  }

  build(TimingMode::Exact);
  test::Recorder tlm_rec;
  mem_->add_listener(&tlm_rec);
  std::vector<std::vector<uint8_t>> buffers(reqs.size());
  int completed = 0;
  run([&] {
    for (size_t i = 0; i < reqs.size(); ++i) {
      const sc_time at(double(reqs[i].time_ps), SC_PS);
      if (at > sc_core::sc_time_stamp()) sc_core::wait(at - sc_core::sc_time_stamp());
      sc_core::sc_spawn([&, i] {
        buffers[i].resize(reqs[i].bytes);
        sc_time d = SC_ZERO_TIME;
        EXPECT_EQ(transport(reqs[i].write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, reqs[i].addr,
                            buffers[i].data(), reqs[i].bytes, d),
                  tlm::TLM_OK_RESPONSE);
        ++completed;
      });
    }
  });
  EXPECT_EQ(completed, int(reqs.size()));
  ASSERT_EQ(tlm_rec.commands.size(), core_rec.commands.size());
  for (size_t i = 0; i < core_rec.commands.size(); ++i) {
    const CommandRecord& a = core_rec.commands[i];
    const CommandRecord& b = tlm_rec.commands[i];
    ASSERT_TRUE(a.cycle == b.cycle && a.command == b.command && a.addr == b.addr)
        << "command " << i << ": core " << name_of(a.command) << " @" << a.cycle << ", tlm " << name_of(b.command)
        << " @" << b.cycle;
  }
}

// One million random reads and writes (1-128 bytes, some with byte enables) over a 1 MiB
// window spread across the stack, checked against a reference copy: zero mismatches.
TEST_F(TlmTest, MillionRandomOpsReadBackTheReferenceData) {
  build(TimingMode::LooselyTimed);
  constexpr uint64_t kWindow = 1 << 20;
  const uint64_t base = spec_.org.capacity_bytes() - kWindow - 4096;  // near the top of the stack
  std::vector<uint8_t> reference(kWindow, 0);
  uint64_t mismatches = 0, ops = 0;
  run([&] {
    std::mt19937_64 rng(2026);
    tlm_utils::tlm_quantumkeeper qk;
    qk.reset();
    std::array<uint8_t, 128> buf{}, be{};
    for (; ops < 1000000; ++ops) {
      const uint32_t len = 1 + uint32_t(rng() % 128);
      const uint64_t off = rng() % (kWindow - len);
      const bool write = rng() % 2 == 0;
      const bool masked = rng() % 8 == 0;
      const uint32_t be_len = 1 + uint32_t(rng() % 8);
      for (uint32_t i = 0; i < be_len; ++i) be[i] = rng() % 2 ? 0xFF : 0x00;
      tlm::tlm_generic_payload gp;
      gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
      gp.set_address(base + off);
      gp.set_data_ptr(buf.data());
      gp.set_data_length(len);
      gp.set_streaming_width(len);
      if (masked) {
        gp.set_byte_enable_ptr(be.data());
        gp.set_byte_enable_length(be_len);
      }
      if (write) {
        for (uint32_t i = 0; i < len; ++i) buf[i] = uint8_t(rng());
      } else {
        buf.fill(0x5A);
      }
      sc_time delay = qk.get_local_time();
      cpu_->socket->b_transport(gp, delay);
      ASSERT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
      qk.set(delay);
      if (qk.need_sync()) qk.sync();
      for (uint32_t i = 0; i < len; ++i) {
        const bool enabled = !masked || be[i % be_len] != 0;
        if (!enabled) {
          if (!write && buf[i] != 0x5A) ++mismatches;  // a disabled byte must be left alone
          continue;
        }
        if (write) {
          reference[off + i] = buf[i];
        } else if (buf[i] != reference[off + i]) {
          ++mismatches;
        }
      }
    }
  });
  EXPECT_EQ(ops, 1000000u);
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace aimc
