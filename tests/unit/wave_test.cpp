// Waveform dumps: the VCD and FST writers, and ControllerWaves' signals (command buses, data
// bursts, bank states, queue depths, the window), read back as a viewer would.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "models/params/config_error.h"
#include "tests/support/fst_reader.h"
#include "tests/support/test_support.h"
#include "tb/wave/controller_waves.h"
#include "tb/wave/gtkw_layout.h"
#include "tb/wave/wave_buffer.h"
#include "tb/wave/wave_file.h"

namespace aimc {
namespace {

using test::read_fst;
using test::value_at;

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(WaveFile, VcdHasDeclarationsValuesAndStrings) {
  const std::string path = test::temp_path("w.vcd");
  {
    auto w = open_wave_file(path);
    w->push_scope("top");
    const WaveVar bit = w->add_var("valid", 1);
    const WaveVar vec = w->add_var("bank", 4);
    const WaveVar txt = w->add_var("cmd", 0);
    w->pop_scope();
    w->time(0);
    w->value(bit, 1);
    w->value(vec, 5);
    w->text(txt, "ACT");
    w->time(417);
    w->unknown(vec);
    w->text(txt, "");
    w->close();
  }
  const std::string v = slurp(path);
  EXPECT_NE(v.find("$timescale 1ps $end"), std::string::npos);
  EXPECT_NE(v.find("$scope module top $end"), std::string::npos);
  EXPECT_NE(v.find("$var wire 4 \" bank $end"), std::string::npos);
  EXPECT_NE(v.find("$var string 1 # cmd $end"), std::string::npos);
  EXPECT_NE(v.find("#0\n1!\nb0101 \"\nsACT #\n#417\nbx \"\ns- #\n"), std::string::npos) << v;
}

// The VCD text is buffered: a writer destroyed without close() (a run stopped by an error)
// still leaves every change it was given; 64-bit vectors keep every bit.
TEST(WaveFile, VcdWithoutCloseKeepsEveryChange) {
  const std::string path = test::temp_path("w.vcd");
  {
    auto w = open_wave_file(path);
    const WaveVar request = w->add_var("request", 64);
    for (uint64_t t = 0; t < 50000; ++t) {
      w->time(t);
      w->value(request, ~t);
    }
  }
  const std::string v = slurp(path);
  EXPECT_NE(v.find("#49999\nb" + to_bit_string(~uint64_t{49999}, 64) + " !\n"), std::string::npos);
  EXPECT_EQ(v.substr(v.size() - 68), "b" + to_bit_string(~uint64_t{49999}, 64) + " !\n");
  EXPECT_EQ(to_bit_string(~uint64_t{0}, 64), std::string(64, '1'));
}

TEST(WaveFile, BitStringsHoldEveryBitOfAnyWidth) {
  for (const uint64_t value : {uint64_t{0}, uint64_t{1}, uint64_t{0xB4AF}, ~uint64_t{0}, uint64_t{0x8000000000000001}}) {
    for (int bits = 1; bits <= 70; ++bits) {
      std::string expected;
      for (int i = bits - 1; i >= 0; --i) expected += i < 64 && ((value >> i) & 1) ? '1' : '0';
      EXPECT_EQ(to_bit_string(value, bits), expected) << value << " in " << bits << " bits";
    }
  }
}

TEST(WaveFile, FstReadsBackWithGtkwavesReader) {
  const std::string path = test::temp_path("w.fst");
  {
    auto w = open_wave_file(path);
    w->push_scope("top");
    w->push_scope("inner");
    const WaveVar vec = w->add_var("row", 16);
    const WaveVar txt = w->add_var("state", 0);
    w->pop_scope();
    w->pop_scope();
    w->time(0);
    w->value(vec, 0xB4AF);
    w->text(txt, "open");
    w->time(1250);
    w->unknown(vec);
    w->text(txt, "closed");
    w->close();
  }
  const test::FstChanges c = read_fst(path);
  EXPECT_EQ(value_at(c, "top.inner.row", 0), "1011010010101111");
  EXPECT_EQ(value_at(c, "top.inner.row", 1250), "xxxxxxxxxxxxxxxx");
  EXPECT_EQ(value_at(c, "top.inner.state", 1249), "open");
  EXPECT_EQ(value_at(c, "top.inner.state", 1250), "closed");
}

// fstWriterClose reports no write error; the writer reads its file back instead. Here the
// folder is gone by the time the dump is finished (as a full disk would leave it unreadable).
TEST(WaveFile, FstThatCannotBeReadBackIsAnError) {
  const std::string dir = test::temp_path("vanishing");
  std::filesystem::create_directories(dir);
  auto w = open_wave_file(dir + "/w.fst");
  w->push_scope("top");
  const WaveVar vec = w->add_var("row", 16);
  w->pop_scope();
  w->time(0);
  w->value(vec, 7);
  std::filesystem::remove_all(dir);
  try {
    w->close();
    FAIL() << "close() succeeded on a dump nobody can read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("write error (the waveform cannot be read back)"), std::string::npos) << e.what();
  }
}

TEST(WaveFile, RefusesUnknownExtensions) {
  EXPECT_THROW(open_wave_file(test::temp_path("w.txt")), ConfigError);
}

TEST(WaveBuffer, MergesBuffersByTime) {
  WaveBuffer a, b;
  a.push_scope("a");
  const WaveVar x = a.add_var("x", 1);
  a.pop_scope();
  b.push_scope("b");
  const WaveVar y = b.add_var("y", 1);
  b.pop_scope();
  a.time(0), a.value(x, 0), a.time(30), a.value(x, 1);
  b.time(10), b.value(y, 1), b.time(30), b.value(y, 0);
  const std::string path = test::temp_path("merged.fst");
  {
    auto out = open_wave_file(path);
    write_merged(*out, {&a, &b});
    out->close();
  }
  const test::FstChanges c = read_fst(path);
  EXPECT_EQ(value_at(c, "a.x", 29), "0");
  EXPECT_EQ(value_at(c, "a.x", 30), "1");
  EXPECT_EQ(value_at(c, "b.y", 10), "1");
  EXPECT_EQ(value_at(c, "b.y", 30), "0");
}

// ControllerWaves driven by hand-made events on the HBM3E preset.
class ControllerWavesTest : public ::testing::Test {
 protected:
  MemSpec spec = test::hbm3e();
  uint64_t ps(Cycle c) const { return spec.cycle_ps(c); }
  static Access access(int pc, int bg, int bank, int64_t row, bool write, uint64_t request) {
    Access a;
    a.addr.channel = 3;
    a.addr.pseudo_channel = pc;
    a.addr.bank_group = bg;
    a.addr.bank = bank;
    a.addr.row = row;
    a.addr.column = 7;
    a.is_write = write;
    a.request_id = request;
    return a;
  }
  static CommandRecord command(Cycle cycle, Command c, const Access& a) { return {cycle, c, a.addr, a.request_id}; }
};

TEST_F(ControllerWavesTest, CommandBusesDataBurstsBanksAndQueues) {
  const std::string path = test::temp_path("cw.fst");
  // Bank group 6: SID 1's group 2 (2 SIDs x 4 bank groups per pseudo-channel).
  const Access rd = access(1, 6, 3, 0x1234, false, 42);
  const Access wr = access(1, 6, 3, 0x1234, true, 43);
  const Cycle act = 10, col = act + Cycle(spec.t.nRCDRD), col2 = col + 2;
  {
    auto f = open_wave_file(path);
    ControllerWaves w(*f, spec, "aimc");
    w.on_access_queued(rd, 5);
    w.on_access_queued(wr, 5);
    w.on_command(command(act, Command::ACT, rd));
    w.on_command(command(col, Command::RD, rd));
    w.on_command(command(col2, Command::WRA, wr));
    w.finish(col2 + 100);
    f->close();
  }
  const test::FstChanges c = read_fst(path);
  const std::string ch = "aimc.ch03.", pc = ch + "pc1.";
  EXPECT_EQ(value_at(c, pc + "queue_reads", ps(4)), std::string(16, '0'));
  EXPECT_EQ(value_at(c, pc + "queue_reads", ps(5)), to_bit_string(1, 16));
  EXPECT_EQ(value_at(c, pc + "queue_writes", ps(5)), to_bit_string(1, 16));
  // ACT: one cycle on the row bus, the bank opens on its row.
  EXPECT_EQ(value_at(c, ch + "row_valid", ps(act)), "1");
  EXPECT_EQ(value_at(c, ch + "row_cmd", ps(act)), "ACT");
  EXPECT_EQ(value_at(c, ch + "row_bank", ps(act)), to_bit_string(6 * 4 + 3, 5));  // 32 banks
  EXPECT_EQ(value_at(c, ch + "row_addr", ps(act)), to_bit_string(0x1234, 15));  // 24,576 rows
  // valid marks the command's cycle; the name stays kCommandNameCycles so it reads when zoomed out.
  const Cycle hold = ControllerWaves::kCommandNameCycles;
  EXPECT_EQ(value_at(c, ch + "row_valid", ps(act + 1)), "0");
  EXPECT_EQ(value_at(c, ch + "row_cmd", ps(act + hold - 1)), "ACT");
  EXPECT_EQ(value_at(c, ch + "row_cmd", ps(act + hold)), "-");
  EXPECT_EQ(value_at(c, pc + "sid1_bg2_ba3_state", ps(act)), "open");
  EXPECT_EQ(value_at(c, pc + "sid1_bg2_ba3_row", ps(act)), to_bit_string(0x1234, 15));
  // RD: the column bus, the queue slot freed, data nCL later for nBL cycles.
  EXPECT_EQ(value_at(c, ch + "col_cmd", ps(col)), "RD");
  EXPECT_EQ(value_at(c, ch + "col_request", ps(col)), to_bit_string(42, 64));
  EXPECT_EQ(value_at(c, pc + "queue_reads", ps(col)), std::string(16, '0'));
  const Cycle data = col + Cycle(spec.t.nCL);
  EXPECT_EQ(value_at(c, pc + "data_valid", ps(data - 1)), "0");
  EXPECT_EQ(value_at(c, pc + "data", ps(data)), "RD 42");
  EXPECT_EQ(value_at(c, pc + "data_valid", ps(data + Cycle(spec.t.nBL) - 1)), "1");
  EXPECT_EQ(value_at(c, pc + "data_valid", ps(data + Cycle(spec.t.nBL))), "0");
  // A command inside the previous one's hold takes the bus signal at once and keeps it its own
  // whole hold (the earlier command's end does not cut it short).
  ASSERT_LT(col2 - col, hold);
  EXPECT_EQ(value_at(c, ch + "col_cmd", ps(col2)), "WRA");
  EXPECT_EQ(value_at(c, ch + "col_cmd", ps(col2 + hold - 1)), "WRA");
  EXPECT_EQ(value_at(c, ch + "col_cmd", ps(col2 + hold)), "-");
  // WRA closes the bank.
  EXPECT_EQ(value_at(c, pc + "sid1_bg2_ba3_state", ps(col2)), "closed");
  EXPECT_EQ(value_at(c, pc + "sid1_bg2_ba3_row", ps(col2)), std::string(15, 'x'));
  EXPECT_EQ(value_at(c, pc + "data", ps(col2 + Cycle(spec.t.nCWL))), "WR 43");
}

TEST_F(ControllerWavesTest, RefreshHoldsTheBanksForTRfc) {
  const std::string path = test::temp_path("ref.fst");
  Access any = access(0, 0, 0, 0, false, 0);
  {
    auto f = open_wave_file(path);
    ControllerWaves w(*f, spec, "aimc");
    CommandRecord ref = command(100, Command::REFab, any);
    ref.request = kNoRequest;
    w.on_command(ref);
    w.finish(100 + Cycle(spec.t.nRFCab) + 10);
    f->close();
  }
  const test::FstChanges c = read_fst(path);
  const std::string bank = "aimc.ch03.pc0.sid1_bg3_ba1_state";  // every SID's banks refresh
  EXPECT_EQ(value_at(c, bank, ps(99)), "closed");
  EXPECT_EQ(value_at(c, bank, ps(100)), "refresh");
  EXPECT_EQ(value_at(c, bank, ps(100 + Cycle(spec.t.nRFCab) - 1)), "refresh");
  EXPECT_EQ(value_at(c, bank, ps(100 + Cycle(spec.t.nRFCab))), "closed");
  EXPECT_EQ(value_at(c, "aimc.ch03.row_bank", ps(100)), "xxxxx");  // REFab has no bank
}

TEST_F(ControllerWavesTest, WindowStartsWithTheStateAtItsFirstCycle) {
  const std::string path = test::temp_path("window.fst");
  const Access rd = access(0, 1, 0, 77, false, 5);
  {
    auto f = open_wave_file(path);
    ControllerWaves w(*f, spec, "aimc", WaveWindow{50, 60});
    w.on_access_queued(rd, 1);
    w.on_command(command(10, Command::ACT, rd));
    w.on_command(command(55, Command::RD, rd));
    w.on_command(command(70, Command::PRE, rd));
    w.finish(80);
    f->close();
  }
  const test::FstChanges c = read_fst(path);
  const std::string pc = "aimc.ch03.pc0.";
  ASSERT_TRUE(c.count(pc + "sid0_bg1_ba0_state"));
  EXPECT_EQ(c.at(pc + "sid0_bg1_ba0_state").front(), std::make_pair(ps(50), std::string("open")));
  EXPECT_EQ(value_at(c, pc + "queue_reads", ps(50)), to_bit_string(1, 16));
  EXPECT_EQ(value_at(c, "aimc.ch03.col_cmd", ps(55)), "RD");
  // Nothing after the window: the PRE at 70 is not in the file.
  EXPECT_EQ(c.at(pc + "sid0_bg1_ba0_state").back().second, "open");
  for (const auto& [name, changes] : c) EXPECT_LT(changes.back().first, ps(60)) << name;
}

// A window's dump holds exactly what the whole run's dump holds in it, though the run goes on
// after the window (whose events the waveform then skips): power and bandwidth averages of
// windows that end in an idle stretch before the window's end included.
TEST_F(ControllerWavesTest, AWindowHoldsWhatTheWholeDumpHoldsInIt) {
  const Access rd = access(0, 1, 0, 77, false, 5);
  const Access wr = access(1, 2, 3, 9, true, 6);
  CommandRecord ref = command(3000, Command::REFab, rd);
  ref.request = kNoRequest;
  const std::vector<CommandRecord> commands = {command(10, Command::ACT, rd),  command(40, Command::RD, rd),
                                               command(60, Command::ACT, wr),  command(80, Command::WR, wr),
                                               command(900, Command::PRE, rd), ref,
                                               command(5000, Command::ACT, wr)};
  const Cycle until = 4000;
  auto dump = [&](const std::string& name, WaveWindow window) {
    const std::string path = test::temp_path(name);
    {
      auto f = open_wave_file(path);
      ControllerWaves w(*f, spec, "aimc", window);
      w.on_access_queued(rd, 1);
      w.on_access_queued(wr, 2);
      for (const CommandRecord& r : commands) w.on_command(r);
      w.finish(6000);
      f->close();
    }
    return read_fst(path);
  };
  const test::FstChanges whole = dump("whole.fst", WaveWindow{});
  const test::FstChanges window = dump("window.fst", WaveWindow{0, until});
  ASSERT_EQ(window.size(), whole.size());
  ASSERT_TRUE(whole.count("aimc.power_mw"));
  EXPECT_GT(whole.at("aimc.power_mw").size(), 2u);
  for (const auto& [name, changes] : whole) {
    std::vector<std::pair<uint64_t, std::string>> inside;
    for (const auto& change : changes) {
      if (change.first < ps(until)) inside.push_back(change);
    }
    EXPECT_EQ(window.at(name), inside) << name;
  }
}

TEST(GtkwLayout, NamesEverySignalOfTheChannelOncePerScope) {
  const MemSpec spec = test::hbm3e();
  GtkwLayout l;
  l.scopes = {"model", "rtl"};
  l.channel = 5;
  l.marker_ps = 1234;
  l.dump_file = "/tmp/x.fst";
  const std::string g = gtkw_layout(spec, l);
  EXPECT_NE(g.find("[dumpfile] \"/tmp/x.fst\""), std::string::npos);
  EXPECT_NE(g.find("*-12.000000 1234 "), std::string::npos);
  EXPECT_NE(g.find("+{model row_bank} model.ch05.row_bank[4:0]\n+{rtl row_bank} rtl.ch05.row_bank[4:0]\n"),
            std::string::npos);
  EXPECT_NE(g.find("+{model sid1_bg3_ba3_row} model.ch05.pc1.sid1_bg3_ba3_row[14:0]\n"
                   "+{rtl sid1_bg3_ba3_row} rtl.ch05.pc1.sid1_bg3_ba3_row[14:0]\n"),
            std::string::npos);
  EXPECT_EQ(g.find("ch04"), std::string::npos);
}

// waveforms/*.gtkw are what `aimc wave-layout` writes (regenerate with the commands in
// docs/waveforms.md when the signals change).
TEST(GtkwLayout, CommittedLayoutsAreTheGeneratorsOutput) {
  const MemSpec spec = test::hbm3e();
  GtkwLayout single;
  single.scopes = {"aimc"};
  EXPECT_EQ(slurp(test::source_path("waveforms/channel0.gtkw")), gtkw_layout(spec, single));
  GtkwLayout compare;
  compare.scopes = {"model", "rtl"};
  compare.extra_signals = {"compare.diverged"};
  EXPECT_EQ(slurp(test::source_path("waveforms/compare_channel0.gtkw")), gtkw_layout(spec, compare));
}

}  // namespace
}  // namespace aimc
