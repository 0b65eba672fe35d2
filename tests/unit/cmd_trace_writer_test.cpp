// The command-trace CSV: one line per command, the fields a command does not carry as -1, and
// the file as `aimc check` reads it back.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "tb/protocol/cmd_trace_reader.h"
#include "tb/sim/cmd_trace_writer.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

// The line as the format is specified (docs/formats.md), spelled with a general formatter.
std::string specified_line(const CommandRecord& r, double tCK_ps) {
  const Command c = r.command;
  const bool has_bank = !is_pc_wide(c);
  const bool has_row = c == Command::ACT || is_column(c);
  return fmt::format("{},{},{},{},{},{},{},{}", std::llround(double(r.cycle) * tCK_ps), r.addr.channel,
                     r.addr.pseudo_channel, name_of(c), has_bank ? r.addr.bank_group : -1,
                     has_bank ? r.addr.bank : -1, has_row ? r.addr.row : int64_t{-1}, is_column(c) ? r.addr.column : -1);
}

TEST(CmdTraceWriter, EveryCommandsLineIsTheSpecifiedOne) {
  for (int i = 0; i < kNumCommands; ++i) {
    for (const Cycle cycle : {Cycle{0}, Cycle{1}, Cycle{2400}, Cycle{123456789012}}) {
      CommandRecord r;
      r.command = Command(i);
      r.cycle = cycle;
      r.addr.channel = 15;
      r.addr.pseudo_channel = 1;
      r.addr.bank_group = 3;
      r.addr.bank = 2;
      r.addr.row = 49151;
      r.addr.column = 31;
      SCOPED_TRACE(std::string(name_of(r.command)) + " at cycle " + std::to_string(cycle));
      EXPECT_EQ(format_command_line(r, 416.667), specified_line(r, 416.667));
      EXPECT_EQ(format_command_line(r, 625.0), specified_line(r, 625.0));
    }
  }
}

// Written through the writer's buffer (more than one buffer's worth) and read back whole.
TEST(CmdTraceWriter, AFileOfManyCommandsReadsBack) {
  const MemSpec spec = test::hbm3e();
  const std::string path = test::temp_path("cmds.csv");
  constexpr int kCommands = 100000;  // several MB: the buffer is written out more than once
  std::vector<CommandRecord> written;
  {
    CmdTraceWriter w(path, spec.tCK_ps);
    for (int i = 0; i < kCommands; ++i) {
      CommandRecord r;
      r.cycle = Cycle(i) * 3;
      r.command = i % 2 ? Command::RD : Command::ACT;
      r.addr.channel = i % 16;
      r.addr.pseudo_channel = i % 2;
      r.addr.bank_group = i % 4;
      r.addr.bank = (i / 4) % 4;
      r.addr.row = i % 49152;
      r.addr.column = r.command == Command::RD ? i % 32 : 0;
      w.on_command(r);
      written.push_back(r);
    }
    w.close();
  }
  const std::vector<CommandRecord> read = read_cmd_trace(path, spec.tCK_ps);
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    ASSERT_EQ(read[i].cycle, written[i].cycle) << i;
    ASSERT_EQ(read[i].command, written[i].command) << i;
    ASSERT_EQ(read[i].addr.row, written[i].command == Command::ACT || is_column(written[i].command) ? written[i].addr.row : -1) << i;
  }
}

// A run that stops on an error keeps the commands written before it.
TEST(CmdTraceWriter, CommandsAreKeptWithoutClose) {
  const std::string path = test::temp_path("cmds.csv");
  {
    CmdTraceWriter w(path, 625.0);
    CommandRecord r;
    r.command = Command::REFab;
    r.cycle = 8;
    w.on_command(r);
  }
  EXPECT_EQ(test::read_text(path), std::string(CmdTraceWriter::kHeader) + "\n5000,0,0,REFab,-1,-1,-1,-1\n");
}

}  // namespace
}  // namespace aimc
