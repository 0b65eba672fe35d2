// The HBM3E device model and the read-data scoreboard: data moves with the commands, and a
// read served out of order, a lost write or a misdirected command is reported in words.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "tb/device/access_data.h"
#include "tb/device/device_check.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

Access access(uint64_t request, bool write, int64_t row, int column) {
  Access a;
  a.request_id = request;
  a.seq = request + 1;
  a.is_write = write;
  a.addr.channel = 2;
  a.addr.pseudo_channel = 1;
  a.addr.bank_group = 3;
  a.addr.bank = 1;
  a.bank_id = 3 * 4 + 1;
  a.addr.row = row;
  a.addr.column = column;
  return a;
}

CommandRecord command(Cycle c, Command cmd, const Access& a) { return {c, cmd, a.addr, a.request_id}; }

TEST(AccessData, NamesTheWriterAndCatchesCorruption) {
  const Access w = access(41, true, 9, 3);
  const AccessData d = write_data(41, w.addr);
  EXPECT_EQ(describe_data(d, w.addr), "written by request 41");
  EXPECT_EQ(describe_data(initial_data(w.addr), w.addr), "initial (never written)");
  EXPECT_EQ(describe_data(initial_data(access(41, true, 9, 4).addr), w.addr), "initial data of another address");
  EXPECT_EQ(describe_data(AccessData{}, w.addr), "corrupt");
  EXPECT_EQ(describe_data(d, access(41, true, 9, 4).addr), "written by request 41 for another address");
  AccessData bad = d;
  bad[2] ^= 1;
  EXPECT_EQ(describe_data(bad, w.addr), "corrupt");
  EXPECT_NE(write_data(41, w.addr), write_data(42, w.addr));
}

class DeviceTest : public ::testing::Test {
 protected:
  MemSpec spec = test::hbm3e();
  DeviceCheck check{spec, RefreshPolicy::Off};
  void queued(const Access& a, Cycle now) {
    for (ControllerListener* l : check.listeners()) l->on_access_queued(a, now);
  }
  void issue(const CommandRecord& r) {
    for (ControllerListener* l : check.listeners()) l->on_command(r);
  }
};

TEST_F(DeviceTest, ReadReturnsTheOlderWritesData) {
  const Access w = access(1, true, 5, 7), r = access(2, false, 5, 7);
  queued(w, 0);
  queued(r, 0);
  issue(command(10, Command::ACT, w));
  issue(command(10 + Cycle(spec.t.nRCDWR), Command::WR, w));
  issue(command(200, Command::RD, r));
  check.finish(300);
  EXPECT_TRUE(check.passed()) << check.report();
  EXPECT_EQ(check.scoreboard().reads_checked(), 1u);
  EXPECT_EQ(check.device().writes(), 1u);
}

// Through a controller's data path: the device stores the bytes the WR's byte enables select,
// returns a RD's data to the controller (not to the scoreboard), and the scoreboard checks what
// the controller answers with.
TEST_F(DeviceTest, ThroughADataPathWritesHonourByteEnablesAndReadsGoBackToTheController) {
  struct Sink : ReadDataSink {
    std::vector<std::pair<BurstData, Cycle>> got;
    void read_data(const CommandRecord&, const BurstData& data, Cycle on_bus) override { got.emplace_back(data, on_bus); }
  } sink;
  const Access w = access(1, true, 5, 7), r = access(2, false, 5, 7);
  queued(w, 0);
  queued(r, 0);
  issue(command(10, Command::ACT, w));
  CommandData first;  // every byte
  first.write = write_data(1, w.addr);
  CommandRecord wr = command(10 + Cycle(spec.t.nRCDWR), Command::WR, w);
  wr.data = &first;
  issue(wr);
  CommandData second;  // bytes 0-7 only, of other data
  second.write = {~0ull, ~0ull, ~0ull, ~0ull};
  second.write_strobes = 0xFF;
  wr.cycle += 20;
  wr.data = &second;
  issue(wr);
  CommandData read;
  read.read_sink = &sink;
  CommandRecord rd = command(200, Command::RD, r);
  rd.data = &read;
  issue(rd);
  ASSERT_EQ(sink.got.size(), 1u);
  AccessData expected = write_data(1, w.addr);
  expected[0] = ~0ull;
  EXPECT_EQ(sink.got[0].first, expected);
  EXPECT_EQ(sink.got[0].second, Cycle(200 + spec.t.nCL));
  EXPECT_EQ(check.scoreboard().reads_checked(), 0u) << "the controller answers the read, not the device";
  // The controller answers with the data it got: the scoreboard names the partial overwrite.
  for (ControllerListener* l : check.listeners()) l->on_read_data(r, sink.got[0].first, 250);
  EXPECT_EQ(check.scoreboard().reads_checked(), 1u);
  ASSERT_EQ(check.scoreboard().mismatches().size(), 1u);
  EXPECT_NE(check.scoreboard().mismatches()[0].message.find("corrupt"), std::string::npos)
      << check.scoreboard().mismatches()[0].message;
}

TEST(AccessData, MergeBytesWritesOnlyTheEnabledBytes) {
  AccessData into{0x1111111111111111ull, 0, 0, 0};
  merge_bytes(into, {0xAAAAAAAAAAAAAAAAull, 0xBBull, 0, 0xCC00000000000000ull}, 0x80000103u);
  EXPECT_EQ(into[0], 0x111111111111AAAAull);
  EXPECT_EQ(into[1], 0xBBull);
  EXPECT_EQ(into[3], 0xCC00000000000000ull);
}

TEST_F(DeviceTest, ReadServedBeforeAnOlderWriteIsAMismatchNamingBoth) {
  const Access w = access(1, true, 5, 7), r = access(2, false, 5, 7);
  queued(w, 0);
  queued(r, 0);
  issue(command(10, Command::ACT, r));
  issue(command(10 + Cycle(spec.t.nRCDRD), Command::RD, r));  // the younger read first: stale
  issue(command(200, Command::WR, w));
  check.finish(300);
  ASSERT_EQ(check.scoreboard().mismatches().size(), 1u);
  EXPECT_EQ(check.scoreboard().mismatches()[0].message,
            "cycle " + std::to_string(10 + spec.t.nRCDRD + spec.t.nCL) +
                ": request 2 read ch2 pc1 bg3 b1 row 5 col 7: got data initial (never written), expected data "
                "written by request 1");
  EXPECT_FALSE(check.passed());
  EXPECT_NE(check.report().find("1 mismatches"), std::string::npos);
}

TEST_F(DeviceTest, ReadTakenBeforeAWriteKeepsTheOldData) {
  const Access r = access(1, false, 5, 7), w = access(2, true, 5, 7);
  queued(r, 0);
  queued(w, 0);
  issue(command(10, Command::ACT, w));
  issue(command(10 + Cycle(spec.t.nRCDWR), Command::WR, w));  // the younger write overtakes the read
  issue(command(200, Command::RD, r));
  check.finish(300);
  ASSERT_EQ(check.scoreboard().mismatches().size(), 1u);
  EXPECT_NE(check.scoreboard().mismatches()[0].message.find("got data written by request 2, expected data initial"),
            std::string::npos);
}

TEST_F(DeviceTest, AReadWithoutDataAndACommandForTheWrongColumnAreReported) {
  const Access r = access(1, false, 5, 7), lost = access(3, false, 5, 8);
  queued(r, 0);
  queued(lost, 0);
  Access wrong = r;
  wrong.addr.column = 9;  // the command names request 1 but another column
  issue(command(10, Command::ACT, r));
  issue(command(10 + Cycle(spec.t.nRCDRD), Command::RD, wrong));
  check.finish(300);
  const auto& m = check.scoreboard().mismatches();
  ASSERT_EQ(m.size(), 3u);  // the misdirected data, and requests 1 and 3 never answered
  EXPECT_NE(m[0].message.find("data for request 1 at ch2 pc1 bg3 b1 row 5 col 9, which no read request asked for"),
            std::string::npos);
  EXPECT_NE(check.report().find("no data came back"), std::string::npos);
}

TEST_F(DeviceTest, AWriteThatOvertakesAnOlderWriteIsCaughtAtTheEnd) {
  const Access older = access(1, true, 5, 7), younger = access(2, true, 5, 7);
  queued(older, 0);
  queued(younger, 0);
  issue(command(10, Command::ACT, younger));
  issue(command(10 + Cycle(spec.t.nRCDWR), Command::WR, younger));  // the younger write first
  issue(command(200, Command::WR, older));                          // then the older one: stale
  check.finish(300);
  ASSERT_EQ(check.scoreboard().mismatches().size(), 1u);
  EXPECT_EQ(check.scoreboard().mismatches()[0].message,
            "at the end ch2 pc1 bg3 b1 row 5 col 7 holds data written by request 1, expected data written by "
            "request 2");
}

TEST_F(DeviceTest, ProtocolViolationsFailTheCheckToo) {
  const Access r = access(1, false, 5, 7);
  queued(r, 0);
  issue(command(10, Command::RD, r));  // no ACT: the bank is closed
  check.finish(300);
  EXPECT_FALSE(check.passed());
  EXPECT_FALSE(check.device().checker().violations().empty());
}

}  // namespace
}  // namespace aimc
