// The native trace writer: what it writes reads back as written, and a lost write is an error
// naming the file.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "tb/trace/trace_reader.h"
#include "tb/traffic/native_trace_writer.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

constexpr uint64_t kCapacity = uint64_t{24} << 30;

TEST(NativeTraceWriter, WhatItWritesReadsBackAsWritten) {
  const std::string path = test::temp_path("written.trace");
  NativeTraceWriter out(path, "a test trace");
  out.write(0, false, 0x40, 64);
  out.write(1000, true, 0x1000, 32, "KV_WRITE", 3, false, 0);
  out.write(2000, false, 0x2000, 128, "WEIGHT", 2, true, 7);
  out.close();
  TraceReader in(path, TraceFormat::Native, 416.667, kCapacity);
  TraceRequest r;
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.time_ps, 0u);
  EXPECT_FALSE(r.is_write);
  EXPECT_EQ(r.address, 0x40u);
  EXPECT_EQ(r.bytes, 64u);
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.time_ps, 1000u);
  EXPECT_TRUE(r.is_write);
  EXPECT_EQ(r.bytes, 32u);
  EXPECT_EQ(r.stream_class, StreamClass::KV_WRITE);
  EXPECT_EQ(r.stream_id, 3u);
  EXPECT_EQ(r.line, 3) << "the header is line 1";
  ASSERT_TRUE(in.next(r));
  EXPECT_EQ(r.address, 0x2000u);
  EXPECT_EQ(r.stream_class, StreamClass::WEIGHT);
  EXPECT_EQ(r.group, 7u);
  EXPECT_FALSE(in.next(r));
}

TEST(NativeTraceWriter, ALostWriteIsAnErrorNamingTheFile) {
  EXPECT_THROW(NativeTraceWriter("/nonexistent-dir/x.trace", "h"), std::runtime_error);
  NativeTraceWriter out("/dev/full", "h");
  for (int i = 0; i < 100000; ++i) out.write(uint64_t(i), false, uint64_t(i) * 64, 64);
  try {
    out.close();
    FAIL() << "a write to /dev/full succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full: write failed"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace aimc
