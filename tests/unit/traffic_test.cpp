// Traffic: stream specs from scenario YAML (errors name file, line and field) and the
// generators' output (bytes per layer as docs/scenario-format.md gives them, tags, pacing,
// adversarial targets).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/core/address_map.h"
#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "tb/traffic/llm_source.h"
#include "tb/traffic/pattern_source.h"
#include "tb/traffic/scenario_traffic.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

std::string with_streams(const std::string& streams) {
  return "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
         "\ntraffic:\n  streams:\n" + streams;
}

ConfigError load_error(const std::string& name, const std::string& text) {
  const auto e = test::config_error([&] { load_scenario(test::write_temp(name, text)); });
  if (e) return *e;
  ADD_FAILURE() << "no error for " << text;
  return ConfigError("", 0, "", "");
}

TEST(TrafficSpec, UnknownKindNamesTheStreamField) {
  const ConfigError e = load_error("k.yaml", with_streams("    - name: a\n      kind: fractal\n"));
  EXPECT_EQ(e.field(), "traffic.streams[0].kind");
  EXPECT_EQ(e.line(), 6);
  EXPECT_NE(std::string(e.what()).find("llm_decode"), std::string::npos);
}

TEST(TrafficSpec, PatternStreamNeedsExactlyOneOfRequestsAndDuration) {
  const ConfigError e =
      load_error("r.yaml", with_streams("    - kind: random\n      requests: 10\n      duration_ns: 5\n      rate_gbps: 1\n"));
  EXPECT_EQ(e.field(), "traffic.streams[0].requests");
}

TEST(TrafficSpec, LlmStreamRejectsAClassField) {
  const ConfigError e = load_error("c.yaml", with_streams(
      "    - kind: llm_decode\n      class: KV_READ\n      model: {layers: 2, hidden: 64, kv_heads: 2, head_dim: 16, weight_gib: 0.001}\n"));
  EXPECT_EQ(e.field(), "traffic.streams[0].class");
}

TEST(TrafficSpec, AdversarialStreamsIssueSingleAccesses) {
  const ConfigError e = load_error("a.yaml", with_streams("    - kind: row_conflicts\n      requests: 5\n      request_bytes: 64\n"));
  EXPECT_EQ(e.field(), "traffic.streams[0].request_bytes");
}

TEST(TrafficSpec, RegionBeyondTheStackIsReportedWhenTheTrafficIsBuilt) {
  const Scenario s = load_scenario(test::write_temp(
      "g.yaml", with_streams("    - kind: random\n      requests: 5\n      region_gib: [20, 30]\n")));
  const auto e = test::config_error([&] { ScenarioTraffic t(s.traffic, s.memspec, s.controller); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "traffic.streams[0].region_gib");
  EXPECT_EQ(e->line(), 5);  // the stream's first line
}

// A stream whose requests would arrive after the 10 s a run may simulate is refused: a pattern
// stream when it is read (its last arrival is known), an LLM stream when it gets there.
TEST(TrafficSpec, RatesTooLowForARunAreRefused) {
  const ConfigError e =
      load_error("slow.yaml", with_streams("    - kind: random\n      requests: 2000\n      rate_gbps: 1.0e-9\n"));
  EXPECT_EQ(e.field(), "traffic.streams[0].rate_gbps");
  EXPECT_EQ(e.line(), 7);
  EXPECT_NE(std::string(e.what()).find("later than a run may simulate"), std::string::npos) << e.what();
  EXPECT_EQ(load_error("late.yaml", with_streams("    - kind: random\n      requests: 2\n      start_ns: 2.0e10\n")).field(),
            "traffic.streams[0].start_ns");
  const Scenario s = load_scenario(test::write_temp(
      "slow_llm.yaml", with_streams("    - kind: llm_decode\n      rate_gbps: 1.0e-12\n"
                                    "      model: {layers: 2, hidden: 64, kv_heads: 2, head_dim: 16, weight_gib: 0.001}\n")));
  const auto late = test::config_error([&] {
    ScenarioTraffic t(s.traffic, s.memspec, s.controller);
    TraceRequest r;
    while (t.next(r)) {
    }
  });
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->field(), "traffic.streams[0].rate_gbps");
  EXPECT_EQ(late->line(), 5);  // the stream's first line
}

// A field the stream's kind does not use is an error, not a silent no-op.
TEST(TrafficSpec, FieldsOfOtherKindsAreRejected) {
  const std::string model = "      model: {layers: 2, hidden: 64, kv_heads: 2, head_dim: 16, weight_gib: 0.001}\n";
  EXPECT_EQ(load_error("f1.yaml", with_streams("    - kind: llm_decode\n      prompt_tokens: 5\n" + model)).field(),
            "traffic.streams[0].prompt_tokens");
  EXPECT_EQ(load_error("f2.yaml", with_streams("    - kind: llm_prefill\n      context: 5\n" + model)).field(),
            "traffic.streams[0].context");
  EXPECT_EQ(load_error("f3.yaml", with_streams("    - kind: training\n      kv_block_tokens: 8\n" + model)).field(),
            "traffic.streams[0].kv_block_tokens");
  EXPECT_EQ(load_error("f4.yaml", with_streams("    - kind: row_conflicts\n      requests: 5\n      region_gib: [0, 1]\n")).field(),
            "traffic.streams[0].region_gib");
}

TEST(TrafficSpec, StreamNamesAreUniqueAndNotMereDigits) {
  const ConfigError twice = load_error(
      "n1.yaml", with_streams("    - {name: a, kind: random, requests: 5}\n    - {name: a, kind: random, requests: 5}\n"));
  EXPECT_EQ(twice.field(), "traffic.streams[1].name");
  EXPECT_EQ(twice.line(), 6);
  EXPECT_EQ(load_error("n2.yaml", with_streams("    - {name: '1', kind: random, requests: 5}\n")).field(),
            "traffic.streams[0].name");
}

// Blocks of a cache larger than its area would share addresses without a word.
TEST(TrafficSpec, AKvCacheLargerThanItsRegionIsRefused) {
  const Scenario s = load_scenario(test::write_temp(
      "kv.yaml", with_streams("    - kind: llm_decode\n      batch: 4096\n      context: 1048576\n      region_gib: [0, 1]\n"
                              "      model: {layers: 2, hidden: 64, kv_heads: 2, head_dim: 16, weight_gib: 0.001}\n")));
  const auto e = test::config_error([&] { ScenarioTraffic t(s.traffic, s.memspec, s.controller); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "traffic.streams[0]");
  EXPECT_NE(e->reason().find("its KV cache (batch 4096 x 1048576 tokens x 2 layers: 1024.00 GiB) does not fit"),
            std::string::npos) << e->what();
}

StreamSpec small_decode() {
  StreamSpec s;
  s.name = "d";
  s.kind = StreamKind::LlmDecode;
  s.stream_id = 3;
  s.model = {4, 256, 4, 32, 2, 4.0 / 1024, 1};  // 4 layers, 4 MiB of weights
  s.batch = 2;
  s.context = 64;
  s.kv_block_tokens = 16;
  s.steps = 2;
  s.simulate_layers = 2;
  s.rate_gbps = 100;
  return s;
}

TEST(LlmSource, DecodeMovesTheBytesOfItsShapePerLayer) {
  const StreamSpec spec = small_decode();
  LlmSource src(spec, 0, uint64_t(1) << 30);
  std::map<StreamClass, uint64_t> bytes;
  std::map<uint64_t, int> per_group;
  TraceRequest r;
  uint64_t last_time = 0;
  while (src.next(r)) {
    bytes[r.stream_class] += r.bytes;
    ++per_group[r.group];
    EXPECT_GE(r.time_ps, last_time);
    last_time = r.time_ps;
    EXPECT_EQ(r.stream_id, 3u);
    EXPECT_EQ(r.is_write, r.stream_class == StreamClass::KV_WRITE || r.stream_class == StreamClass::ACTIVATION);
  }
  const uint64_t layers_steps = 2 * 2;  // simulate_layers x steps
  const uint64_t token_kv = 2 * 4 * 32 * 2;  // K+V x kv_heads x head_dim x dtype
  EXPECT_EQ(bytes[StreamClass::WEIGHT], layers_steps * (4 << 20) / 4);
  EXPECT_EQ(bytes[StreamClass::KV_READ], layers_steps * 2 * 64 * token_kv);
  EXPECT_EQ(bytes[StreamClass::KV_WRITE], layers_steps * 2 * token_kv);
  EXPECT_EQ(bytes[StreamClass::ACTIVATION], layers_steps * 2 * 256 * 2);
  EXPECT_EQ(per_group.size(), 2u);
  EXPECT_EQ(per_group.begin()->first, (uint64_t(3) << 32) | 0);
  // Paced at 100 GB/s: the last request starts after all bytes but its own were offered.
  uint64_t total = 0;
  for (const auto& [cls, b] : bytes) total += b;
  EXPECT_NEAR(double(last_time), double(total - 64) * 10.0, 20.0);
}

TEST(LlmSource, LayerFractionSamplesEveryPartInProportion) {
  StreamSpec spec = small_decode();
  spec.layer_fraction = 0.25;
  LlmSource src(spec, 0, uint64_t(1) << 30);
  std::map<StreamClass, uint64_t> bytes;
  TraceRequest r;
  while (src.next(r)) bytes[r.stream_class] += r.bytes;
  EXPECT_EQ(bytes[StreamClass::WEIGHT], 4u * (4 << 20) / 4 / 4);
  // 2 sequences x 4 blocks = 8 (sequence, block) pairs; a quarter = 2 whole blocks per layer.
  EXPECT_EQ(bytes[StreamClass::KV_READ], 4u * 2 * 16 * 2 * 4 * 32 * 2);
}

TEST(PatternSource, AdversarialPatternsHitTheirTargetThroughTheAddressMap) {
  const MemSpec m = test::hbm3e();
  AddressMapConfig hashed;
  hashed.xor_bank_hash = true;
  const AddressMap map(m.org, hashed);
  StreamSpec s;
  s.kind = StreamKind::RowConflicts;
  s.requests = 2000;
  s.request_bytes = 32;
  PatternSource storm(s, 0, m.org.capacity_bytes(), m.org, map);
  TraceRequest r;
  while (storm.next(r)) {
    const DramAddress a = map.decode(r.address);
    ASSERT_EQ(a.bank_group, 0);
    ASSERT_EQ(a.bank, 0);
  }
  s.kind = StreamKind::BankGroupHammer;
  PatternSource hammer(s, 0, m.org.capacity_bytes(), m.org, map);
  int banks_seen = 0;
  std::map<int, int> banks;
  while (hammer.next(r)) {
    const DramAddress a = map.decode(r.address);
    ASSERT_EQ(a.bank_group, 0);
    banks_seen += banks[a.bank]++ == 0 ? 1 : 0;
  }
  EXPECT_EQ(banks_seen, m.org.banks_per_group);
}

TEST(ScenarioTraffic, MergesStreamsInTimeOrder) {
  const Scenario s = load_scenario(test::write_temp("m.yaml", with_streams(
      "    - {kind: sequential, requests: 100, rate_gbps: 64}\n"
      "    - {kind: random, class: KV_READ, requests: 100, rate_gbps: 32}\n")));
  ScenarioTraffic t(s.traffic, s.memspec, s.controller);
  TraceRequest r;
  uint64_t last = 0, n = 0;
  std::map<uint32_t, int> per_stream;
  while (t.next(r)) {
    EXPECT_GE(r.time_ps, last);
    last = r.time_ps;
    ++n;
    ++per_stream[r.stream_id];
  }
  EXPECT_EQ(n, 200u);
  EXPECT_EQ(per_stream[1], 100);
  EXPECT_EQ(per_stream[2], 100);
}

// A region whose bounds are not on whole pages still gives aligned requests: its bounds go
// inward to 4 KiB pages (an unaligned 64 B request would be split into three accesses).
TEST(ScenarioTraffic, RegionBoundsGoInwardToWholePages) {
  const Scenario s = load_scenario(test::write_temp("align.yaml", with_streams(
      "    - {kind: random, requests: 2000, rate_gbps: 64, region_gib: [0.1, 0.2]}\n"
      "    - {kind: sequential, requests: 2000, rate_gbps: 64, region_gib: [0.3, 0.4]}\n")));
  ScenarioTraffic t(s.traffic, s.memspec, s.controller);
  const double gib = double(1ull << 30);
  TraceRequest r;
  int n = 0;
  while (t.next(r)) {
    ++n;
    EXPECT_EQ(r.address % 64, 0u) << r.address;
    const double lo = r.stream_id == 1 ? 0.1 : 0.3;
    EXPECT_GE(double(r.address), lo * gib);
    EXPECT_LE(double(r.address + r.bytes), (lo + 0.1) * gib);
  }
  EXPECT_EQ(n, 4000);
  // The sequential stream starts on the first whole page of its region.
  ScenarioTraffic again(s.traffic, s.memspec, s.controller);
  uint64_t first_sequential = 0;
  while (again.next(r) && first_sequential == 0) {
    if (r.stream_id == 2) first_sequential = r.address;
  }
  EXPECT_EQ(first_sequential, (uint64_t(std::llround(0.3 * gib)) + 4095) / 4096 * 4096);
  const Scenario tiny = load_scenario(test::write_temp("tiny.yaml", with_streams(
      "    - {kind: random, requests: 5, rate_gbps: 64, region_gib: [0.1, 0.1000001]}\n")));
  const auto e = test::config_error([&] { ScenarioTraffic u(tiny.traffic, tiny.memspec, tiny.controller); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field(), "traffic.streams[0].region_gib");
  EXPECT_NE(e->reason().find("no whole 4 KiB page"), std::string::npos) << e->reason();
}

// A trace beside generated streams must not use their stream ids: its requests would count as
// theirs and take their closed loop's slots.
TEST(ScenarioTraffic, ATraceMayNotUseAGeneratedStreamsId) {
  const std::string trace = test::write_temp("ids.trace", "0 R 0x0 64 KV_READ 5\n10 R 0x40 64 KV_READ 1\n");
  const Scenario s = load_scenario(test::write_temp("ids.yaml", with_streams(
      "    - {name: gen, kind: random, requests: 10, rate_gbps: 64, max_outstanding: 1}\n"
      "    - {name: tr, kind: trace, path: " + trace + "}\n")));
  const auto e = test::config_error([&] {
    ScenarioTraffic t(s.traffic, s.memspec, s.controller);
    TraceRequest r;
    while (t.next(r)) {
    }
  });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->file(), trace);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->field(), "stream_id");
  EXPECT_NE(e->reason().find("stream 'gen'"), std::string::npos) << e->reason();
}

// A decode reads whole KV blocks, so a block longer than the context is refused.
TEST(TrafficSpec, AKvBlockLongerThanTheContextIsRefused) {
  const std::string decode = "    - kind: llm_decode\n      model: {layers: 2, hidden: 256, kv_heads: 2, head_dim: 64, "
                             "dtype_bytes: 2, weight_gib: 0.01}\n      context: 100\n";
  const ConfigError given = load_error("kvb.yaml", with_streams(decode + "      kv_block_tokens: 128\n"));
  EXPECT_EQ(given.field(), "traffic.streams[0].kv_block_tokens");
  EXPECT_EQ(given.line(), 8);
  const ConfigError by_default =
      load_error("kvc.yaml", with_streams("    - kind: llm_decode\n      model: {layers: 2, hidden: 256, kv_heads: 2, "
                                          "head_dim: 64, dtype_bytes: 2, weight_gib: 0.01}\n      context: 8\n"));
  EXPECT_EQ(by_default.field(), "traffic.streams[0].context");
}

}  // namespace
}  // namespace aimc
