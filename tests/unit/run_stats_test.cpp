// RunStatsCollector and stats_to_json: what each stream (tenant) got, and that the streams add
// up to the run's totals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "models/core/request_front_end.h"
#include "models/params/scenario.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/sim/stats_report.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

CompletedRequest done_request(uint32_t stream, StreamClass cls, bool is_write, Cycle arrival, Cycle done,
                              uint32_t accesses) {
  return {0, arrival, done, is_write, cls, kNoGroup, port_of(stream, cls), accesses};
}

TEST(RunStats, EachStreamKeepsItsLatenciesBytesAndActiveSpan) {
  RunStatsCollector c(test::hbm3e());
  c.on_request_done(done_request(1, StreamClass::KV_READ, false, 100, 160, 2));
  c.on_request_done(done_request(1, StreamClass::WEIGHT, false, 120, 400, 2));
  c.on_request_done(done_request(2, StreamClass::BEST_EFFORT, true, 50, 90, 1));
  const RunStats& s = c.stats();
  ASSERT_EQ(s.streams.size(), 2u);
  const StreamTotals& decode = s.streams.at(1);
  EXPECT_EQ(decode.bytes, 4u * 32u);
  EXPECT_EQ(decode.first_arrival, 100u);
  EXPECT_EQ(decode.last_done, 400u);
  EXPECT_EQ(decode.latency_cycles[size_t(StreamClass::KV_READ)][0], std::vector<uint32_t>{60});
  EXPECT_EQ(decode.latency_cycles[size_t(StreamClass::WEIGHT)][0], std::vector<uint32_t>{280});
  EXPECT_EQ(s.streams.at(2).bytes, 32u);
  // The class and direction views gather every stream.
  EXPECT_EQ(s.latencies_of_direction(false).size(), 2u);
  EXPECT_EQ(s.latencies_of_direction(true), std::vector<uint32_t>{40});
  EXPECT_EQ(s.latencies_of_class(StreamClass::BEST_EFFORT), std::vector<uint32_t>{40});
  EXPECT_EQ(RunStats::latencies_of_stream(decode).size(), 2u);
}

TEST(RunStats, JsonGivesEveryStreamItsBandwidthOverItsOwnSpanAndItsLatency) {
  Scenario sc;
  sc.memspec = test::hbm3e();
  StreamSpec decode;
  decode.name = "decode";
  decode.kind = StreamKind::Sequential;
  decode.stream_id = 1;
  sc.traffic.streams.push_back(decode);
  RunStatsCollector c(sc.memspec);
  // Active for 240 cycles (100 ns at 2.4 GHz), 4 accesses of 32 B.
  c.on_request_done(done_request(1, StreamClass::KV_READ, false, 0, 240, 2));
  c.on_request_done(done_request(1, StreamClass::KV_READ, false, 120, 240, 2));
  // Requests with an id no generated stream has (a trace's own ids) get an entry of their own.
  c.on_request_done(done_request(7, StreamClass::BEST_EFFORT, false, 0, 24, 1));
  const nlohmann::json j = stats_to_json(c.stats(), sc);
  ASSERT_EQ(j["streams"].size(), 2u);
  const auto& d = j["streams"][0];
  EXPECT_EQ(d["requests"]["read"], 2);
  EXPECT_EQ(d["requests"]["write"], 0);
  EXPECT_EQ(d["bytes"], 128);
  const double ns = sc.memspec.tCK_ps / 1000.0;
  EXPECT_DOUBLE_EQ(d["active_ns"].get<double>(), 240 * ns);
  EXPECT_DOUBLE_EQ(d["bandwidth_GBps"].get<double>(), 128 / (240 * ns));
  EXPECT_DOUBLE_EQ(d["latency"]["max_ns"].get<double>(), 240 * ns);
  EXPECT_DOUBLE_EQ(d["latency"]["p50_ns"].get<double>(), 120 * ns);
  EXPECT_EQ(d["class_latency"]["KV_READ"]["count"], 2);
  EXPECT_FALSE(d["class_latency"].contains("WEIGHT"));
  const auto& t = j["streams"][1];
  EXPECT_EQ(t["name"], "trace stream 7");
  EXPECT_EQ(t["stream_id"], 7);
  EXPECT_EQ(t["bytes"], 32);
}

}  // namespace
}  // namespace aimc
