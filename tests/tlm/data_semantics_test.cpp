// What the target does with the bytes of a payload: debug transport with byte enables and
// streaming width, and writes that cover part of a 32 B access timed as read-modify-write.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/core/address_map.h"
#include "models/tlm/hbm_controller.h"
#include "tests/support/test_support.h"
#include "tests/tlm/systemc_test.h"
#include "tests/tlm/test_initiator.h"

namespace aimc {
namespace {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

using Host = test::TestInitiator;
using test::fill_payload;

// One debug transport; returns the bytes it reports.
unsigned int debug(Host& host, tlm::tlm_command cmd, uint64_t addr, uint8_t* data, uint32_t len, uint32_t width = 0,
                   uint8_t* be = nullptr, uint32_t be_len = 0) {
  tlm::tlm_generic_payload gp;
  fill_payload(gp, cmd, addr, data, len, width, be, be_len);
  return host.socket->transport_dbg(gp);
}

class DataSemanticsTest : public test::SystemCTest {
 protected:
  MemSpec spec_ = test::hbm3e();
  AddressMap map_{spec_.org, AddressMapConfig{}};
  uint64_t mem_address_of(const DramAddress& a) const { return map_.encode(a); }
  // The column commands one write issues (after a fresh start), per 32 B access in address
  // order: "RD WR" for a read-modify-write, "WR" for a whole write.
  std::vector<std::string> column_commands_of_write(uint64_t addr, uint32_t len, std::vector<uint8_t> be,
                                                bool read_modify_write = true) {
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
    ControllerConfig cfg;
    cfg.read_modify_write = read_modify_write;
    HbmController mem("mem", spec_, cfg, TimingMode::Exact);
    Host host("host");
    host.socket.bind(mem.socket);
    test::Recorder rec;
    mem.add_listener(&rec);
    std::vector<uint8_t> data(len, 0x5A);
    sc_core::sc_spawn([&] {
      tlm::tlm_generic_payload gp;
      fill_payload(gp, tlm::TLM_WRITE_COMMAND, addr, data.data(), len, 0, be.empty() ? nullptr : be.data(), uint32_t(be.size()));
      sc_time delay = SC_ZERO_TIME;
      host.socket->b_transport(gp, delay);
      EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    });
    sc_core::sc_start();
    std::map<uint64_t, std::string> by_access;  // accesses in address order
    for (const CommandRecord& c : rec.commands) {
      if (!is_column(c.command)) continue;
      std::string& seq = by_access[mem_address_of(c.addr)];
      seq += (seq.empty() ? "" : " ") + std::string(name_of(c.command));
    }
    std::vector<std::string> out;
    for (const auto& entry : by_access) out.push_back(entry.second);
    return out;
  }
};

TEST_F(DataSemanticsTest, DebugTransportHonoursByteEnablesAndStreamingWidth) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::Exact);
  Host host("host");
  host.socket.bind(mem.socket);
  sc_core::sc_spawn([&] {
    // Streaming width 4: sixteen bytes land on the same four addresses; the last four win.
    std::array<uint8_t, 16> in{};
    for (size_t i = 0; i < in.size(); ++i) in[i] = uint8_t(i + 1);
    EXPECT_EQ(debug(host, tlm::TLM_WRITE_COMMAND, 1000, in.data(), 16, 4), 16u);
    std::array<uint8_t, 8> out{};
    debug(host, tlm::TLM_READ_COMMAND, 1000, out.data(), 8);
    EXPECT_EQ(out, (std::array<uint8_t, 8>{13, 14, 15, 16, 0, 0, 0, 0}));
    // Byte enables {on, off}: only every other byte is written.
    std::array<uint8_t, 8> ones{};
    ones.fill(0xFF);
    std::array<uint8_t, 2> be{TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};
    debug(host, tlm::TLM_WRITE_COMMAND, 2000, ones.data(), 8, 0, be.data(), 2);
    debug(host, tlm::TLM_READ_COMMAND, 2000, out.data(), 8);
    EXPECT_EQ(out, (std::array<uint8_t, 8>{0xFF, 0, 0xFF, 0, 0xFF, 0, 0xFF, 0}));
    // A masked debug read leaves the disabled bytes of the buffer as they were.
    std::array<uint8_t, 8> keep{};
    keep.fill(7);
    debug(host, tlm::TLM_READ_COMMAND, 2000, keep.data(), 8, 0, be.data(), 2);
    EXPECT_EQ(keep, (std::array<uint8_t, 8>{0xFF, 7, 0xFF, 7, 0xFF, 7, 0xFF, 7}));
  });
  sc_core::sc_start();
}

TEST_F(DataSemanticsTest, WholeAlignedWritesNeedNoRead) {
  EXPECT_EQ(column_commands_of_write(4096, 64, {}), (std::vector<std::string>{"WR", "WR"}));
}

TEST_F(DataSemanticsTest, ASubAccessWriteReadsTheAccessFirst) {
  EXPECT_EQ(column_commands_of_write(4096 + 8, 16, {}), (std::vector<std::string>{"RD WR"}));
  EXPECT_EQ(column_commands_of_write(4096 + 8, 16, {}, false), (std::vector<std::string>{"WR"}))
      << "read_modify_write: false times it as a full write";
}

TEST_F(DataSemanticsTest, AnUnalignedWriteReadsOnlyItsPartialEnds) {
  // Bytes 16..79: a half access, a whole one, a half one.
  EXPECT_EQ(column_commands_of_write(4096 + 16, 64, {}), (std::vector<std::string>{"RD WR", "WR", "RD WR"}));
}

TEST_F(DataSemanticsTest, AMaskedWriteReadsEveryAccess) {
  EXPECT_EQ(column_commands_of_write(4096, 64, {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED}),
            (std::vector<std::string>{"RD WR", "RD WR"}));
  EXPECT_EQ(column_commands_of_write(4096, 64, {TLM_BYTE_ENABLED}), (std::vector<std::string>{"WR", "WR"}))
      << "enables that disable nothing are no mask";
}

// Loosely timed, data follows the order of the calls, not local time (docs/timing-model.md):
// a read called after a write sees it even when its local time is earlier.
TEST_F(DataSemanticsTest, LooselyTimedDataFollowsCallOrderNotLocalTime) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::LooselyTimed);
  Host host("host");
  host.socket.bind(mem.socket);
  sc_core::sc_spawn([&] {
    std::array<uint8_t, 32> out{}, in{};
    out.fill(0x77);
    tlm::tlm_generic_payload gp;
    fill_payload(gp, tlm::TLM_WRITE_COMMAND, 8192, out.data(), 32);
    sc_time at_90(90, sc_core::SC_NS);
    host.socket->b_transport(gp, at_90);
    fill_payload(gp, tlm::TLM_READ_COMMAND, 8192, in.data(), 32);
    sc_time at_10(10, sc_core::SC_NS);
    host.socket->b_transport(gp, at_10);
    EXPECT_EQ(in, out) << "the read at 10 ns, called second, sees the write at 90 ns";
  });
  sc_core::sc_start();
}

}  // namespace
}  // namespace aimc
