// The three trace formats parse, and malformed lines fail with file, line and field.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include "models/params/config_error.h"
#include "tb/trace/trace_reader.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

constexpr uint64_t kCapacity = uint64_t{24} << 30;

std::vector<TraceRequest> read_all(const std::string& text, TraceFormat f, double tck = 416.667) {
  TraceReader r(test::write_temp("trace_under_test.trace", text), f, tck, kCapacity);
  std::vector<TraceRequest> out;
  TraceRequest q;
  while (r.next(q)) out.push_back(q);
  return out;
}

TEST(TraceReader, NativeFormatWithCommentsSizesAndHex) {
  const auto v = read_all("# header\n0 R 0x40\n\n1000 W 128 32  # one access\n2000 READ 0x1000 100\n",
                          TraceFormat::Native);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_FALSE(v[0].is_write);
  EXPECT_EQ(v[0].address, 0x40u);
  EXPECT_EQ(v[0].bytes, 64u);
  EXPECT_TRUE(v[1].is_write);
  EXPECT_EQ(v[1].address, 128u);
  EXPECT_EQ(v[1].bytes, 32u);
  EXPECT_EQ(v[1].time_ps, 1000u);
  EXPECT_EQ(v[2].bytes, 100u);
  EXPECT_EQ(v[2].line, 5);
}

TEST(TraceReader, Dramsim3CyclesBecomePicoseconds) {
  const auto v = read_all("0x1000 READ 0\n0x2000 WRITE 3\n", TraceFormat::Dramsim3, 625.0);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].time_ps, 1875u);
  EXPECT_TRUE(v[1].is_write);
  EXPECT_EQ(v[1].bytes, 64u);
}

TEST(TraceReader, RamulatorLoadStore) {
  const auto v = read_all("LD 0x229f6f80\nST 0x40\n", TraceFormat::Ramulator);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].address, 0x229f6f80u);
  EXPECT_TRUE(v[1].is_write);
  EXPECT_EQ(v[1].time_ps, 0u);
}

void expect_error(const std::string& text, TraceFormat f, int line, const std::string& field) {
  try {
    read_all(text, f);
    FAIL() << "accepted: " << text;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
    EXPECT_NE(std::string(e.what()).find("trace_under_test.trace"), std::string::npos);
  }
}

TEST(TraceReader, MalformedLinesNameLineAndField) {
  expect_error("0 R 0x40\n5 X 0x40\n", TraceFormat::Native, 2, "operation");
  expect_error("0 R 0xZZ\n", TraceFormat::Native, 1, "address");
  expect_error("abc R 0x40\n", TraceFormat::Native, 1, "time_ps");
  expect_error("0 R\n", TraceFormat::Native, 1, "");
  expect_error("0 R 0x40 0\n", TraceFormat::Native, 1, "bytes");
  expect_error("0x40 READ\n", TraceFormat::Dramsim3, 1, "");
  expect_error("0x40 LOAD 5\n", TraceFormat::Dramsim3, 1, "operation");
  expect_error("LD\n", TraceFormat::Ramulator, 1, "");
}

TEST(TraceReader, OutOfRangeAddressIsRejected) {
  expect_error("0 R " + std::to_string(kCapacity) + "\n", TraceFormat::Native, 1, "address");
  expect_error("0 R " + std::to_string(kCapacity - 32) + " 64\n", TraceFormat::Native, 1, "address");
  EXPECT_EQ(read_all("0 R " + std::to_string(kCapacity - 64) + "\n", TraceFormat::Native).size(), 1u);
}

TEST(TraceReader, TimeGoingBackwardsIsRejected) {
  expect_error("100 R 0x40\n50 R 0x80\n", TraceFormat::Native, 2, "time");
}

TEST(TraceReader, MissingFileIsAConfigError) {
  EXPECT_THROW(TraceReader("/nonexistent.trace", TraceFormat::Native, 625, kCapacity), ConfigError);
}

TEST(TraceReader, ATraceWithoutRequestsIsAnError) {
  for (const std::string text : {"", "# only a comment\n\n"}) {
    const auto e = test::config_error([&] { read_all(text, TraceFormat::Native); });
    ASSERT_TRUE(e.has_value()) << text;
    EXPECT_EQ(e->reason(), "no requests in the trace");
  }
}

TEST(TraceReader, ADirectoryIsAnErrorNotAnEmptyTrace) {
  const auto e = test::config_error([] { TraceReader(test::source_path("scenarios"), TraceFormat::Native, 625, kCapacity); });
  ASSERT_TRUE(e.has_value());
  EXPECT_NE(std::string(e->what()).find("is a directory"), std::string::npos) << e->what();
}

TEST(TraceReader, TimesLaterThanARunMaySimulateAreRejected) {
  expect_error("0 R 0x40\n1000000000000000 R 0x80\n", TraceFormat::Native, 2, "time_ps");
  expect_error("0 R 0x40\n18446744073709551615 R 0x80\n", TraceFormat::Native, 2, "time_ps");
  expect_error("0x40 READ 18446744073709551615\n", TraceFormat::Dramsim3, 1, "cycle");
  EXPECT_EQ(read_all(std::to_string(kMaxArrivalPs) + " R 0x40\n", TraceFormat::Native).size(), 1u);
}

TEST(TraceReader, LastLineWithoutNewlineByteOrderMarkAndOverlongLines) {
  const auto v = read_all("\xEF\xBB\xBF" "0 R 0x40\n10 W 0x80", TraceFormat::Native);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1].address, 0x80u);
  EXPECT_TRUE(v[1].is_write);
  auto error_of = [](const std::string& second_line) {
    const auto e = test::config_error([&] { read_all("0 R 0x40\n" + second_line + "\n", TraceFormat::Native); });
    return e ? std::to_string(e->line()) + ": " + e->what() : std::string("accepted");
  };
  const std::string over = error_of(std::string(TraceReader::kMaxLineChars + 1, '7'));
  EXPECT_EQ(over.rfind("2: ", 0), 0u) << over;
  EXPECT_NE(over.find("line longer than 4096 characters"), std::string::npos) << over;
  // A line of exactly the limit is read whole: it fails as a line of one word.
  const std::string at = error_of(std::string(TraceReader::kMaxLineChars, '7'));
  EXPECT_EQ(at.rfind("2: ", 0), 0u) << at;
  EXPECT_NE(at.find("expected '<time_ps>"), std::string::npos) << at;
}

// Numbers are whole words, decimal or 0x hex, within 64 bits (leading zeros allowed).
TEST(TraceReader, NumbersAreWholeWordsWithinSixtyFourBits) {
  const auto v = read_all("0 R 0x0000000000000000040\n1 R 0Xff 0x20\n2 W 00064\n", TraceFormat::Native);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].address, 0x40u);
  EXPECT_EQ(v[1].address, 0xffu);
  EXPECT_EQ(v[1].bytes, 32u);
  EXPECT_EQ(v[2].address, 64u);
  for (const std::string bad : {"0x", "0x1g", "1e3", "-64", "+64", "0x10000000000000000", "18446744073709551616",
                                "99999999999999999999"}) {
    SCOPED_TRACE(bad);
    expect_error("0 R " + bad + "\n", TraceFormat::Native, 1, "address");
  }
  expect_error("0 R 0x40 0x\n", TraceFormat::Native, 1, "bytes");
}

// The common 4-word line (`<time> <R|W> <address> <bytes>`) is read by a one-pass path; any
// other line by the general one. Spelled with READ/WRITE a line takes the general path, so both
// spellings of the same lines must give the same requests and, for malformed lines, the same
// error (line and field).
TEST(TraceReader, TheOnePassPathReadsWhatTheGeneralPathReads) {
  std::mt19937_64 rng(7);
  const char* blanks[] = {" ", "  ", "\t", ",", " ,\t"};
  auto blank = [&] { return std::string(blanks[rng() % 5]); };
  auto number = [&](uint64_t v) {
    switch (rng() % 3) {
      case 0: return std::to_string(v);
      case 1: return fmt::format("0x{:x}", v);
      default: return fmt::format("0X{:08X}", v);
    }
  };
  std::string fast, slow;
  uint64_t time = 0;
  for (int i = 0; i < 2000; ++i) {
    time += rng() % 1000;
    const bool write = rng() % 3 == 0;
    const uint64_t bytes = 1 + rng() % 256;
    const uint64_t address = rng() % (kCapacity - bytes);
    const std::string lead = rng() % 4 == 0 ? blank() : "";
    const std::string tail = rng() % 4 == 0 ? blank() + "# note" : (rng() % 4 == 0 ? blank() : "");
    const std::string rest = blank() + number(address) + blank() + std::to_string(bytes) + tail + "\n";
    fast += lead + std::to_string(time) + blank() + (write ? "W" : "R") + rest;
    slow += lead + std::to_string(time) + blank() + (write ? "WRITE" : "READ") + rest;
  }
  const auto a = read_all(fast, TraceFormat::Native), b = read_all(slow, TraceFormat::Native);
  ASSERT_EQ(a.size(), 2000u);
  ASSERT_EQ(b.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].time_ps, b[i].time_ps) << i;
    ASSERT_EQ(a[i].address, b[i].address) << i;
    ASSERT_EQ(a[i].bytes, b[i].bytes) << i;
    ASSERT_EQ(a[i].is_write, b[i].is_write) << i;
    ASSERT_EQ(a[i].line, b[i].line) << i;
  }
  // Malformed 4-word lines fail the same way on either path.
  for (const std::string bad : {"5 {} 0x40 0", "5 {} 0x40 1048577", "5 {} 0x40 0x", "5 {} 0x40 6x", "5 {} 0x4g 64",
                                "5 {} 0x 64", "1000000000000000 {} 0x40 64", "1 {} 0x40 64", "5 {} 0x600000000 64",
                                "5 {} 0x0000000000000000040 64", "5 {} 0x40 00064 extra"}) {
    auto outcome = [&](const char* op) {
      const std::string text = "2 R 0x40 64\n" + fmt::format(fmt::runtime(bad), op) + "\n";
      const auto e = test::config_error([&] { read_all(text, TraceFormat::Native); });
      return e ? fmt::format("line {} field '{}'", e->line(), e->field()) : std::string("accepted");
    };
    EXPECT_EQ(outcome("R"), outcome("READ")) << bad;
  }
}

// The file is read in large blocks: lines that straddle two blocks and a trace of several
// blocks read as written, in order.
TEST(TraceReader, ATraceOfManyBlocksReadsEveryLine) {
  std::string text;
  constexpr int kLines = 200000;  // about 5 MB
  for (int i = 0; i < kLines; ++i) text += std::to_string(i * 100) + " " + (i % 3 ? "R" : "W") + " 0x" + std::to_string(i * 64) + " 64\n";
  const auto v = read_all(text, TraceFormat::Native);
  ASSERT_EQ(v.size(), size_t(kLines));
  for (int i = 0; i < kLines; ++i) {
    ASSERT_EQ(v[size_t(i)].time_ps, uint64_t(i) * 100) << i;
    ASSERT_EQ(v[size_t(i)].line, i + 1) << i;
  }
  EXPECT_EQ(v.back().address, std::stoull(std::to_string((kLines - 1) * 64), nullptr, 16));
}

}  // namespace
}  // namespace aimc
