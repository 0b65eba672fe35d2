// The loosely-timed target (TimingMode::LooselyTimed): answered within the call, with the
// analytic model's timing, measured against the cycle-exact target where the model is meant to
// agree with it (docs/timing-model.md gives the error on every shipped scenario).
#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <algorithm>
#include <array>
#include <random>

#include "models/core/address_map.h"
#include "models/tlm/hbm_controller.h"
#include "models/tlm/stream_extension.h"
#include "tb/sim/run_stats_collector.h"
#include "tb/tlm/tlm_run.h"
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

class LooselyTimed : public test::SystemCTest {
 protected:
  LooselyTimed() : spec_(test::hbm3e()) {}

  void fresh_context() {
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  }
  double cycles(const sc_time& t) const { return t.to_seconds() * 1e12 / spec_.tCK_ps; }

  // Plays a synthetic trace through the target in `mode` (a decoupled initiator for lt) and
  // returns the run's statistics, as `aimc run` reports them.
  RunStats play(const SyntheticTraceSpec& g, TimingMode mode) {
    const std::string path = test::temp_path("lt_play.trace");
    write_synthetic_trace(path, g);
    fresh_context();
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(1, sc_core::SC_US));
    TraceReader trace(path, TraceFormat::Native, spec_.tCK_ps, spec_.org.capacity_bytes());
    HbmController mem("mem", spec_, ControllerConfig{}, mode);
    RunStatsCollector collector(spec_);
    mem.add_listener(&collector);
    mem.set_request_observer([&collector](const CompletedRequest& r) { collector.on_request_done(r); });
    TrafficInitiator player("player", trace, mode == TimingMode::LooselyTimed);
    player.socket.bind(mem.socket);
    sc_core::sc_start();
    mem.drain_loosely_timed();
    EXPECT_EQ(player.stats().requests, g.requests);
    EXPECT_EQ(player.stats().errors, 0u);
    const RunStats stats = collector.stats();
    EXPECT_EQ(stats.read_requests + stats.write_requests, g.requests) << "every request is reported";
    return stats;
  }
  double mean_ns(const RunStats& s) const {
    double sum = 0, n = 0;
    for (const auto& [stream, totals] : s.streams) {
      for (const auto& per_class : totals.latency_cycles) {
        for (const auto& per_dir : per_class) {
          for (uint32_t c : per_dir) sum += c, ++n;
        }
      }
    }
    return sum / n * spec_.tCK_ps / 1000.0;
  }
  double gbps(const RunStats& s) const {
    uint64_t bytes = 0;
    for (uint64_t b : s.bytes_per_channel) bytes += b;
    return double(bytes) / (double(s.last_done) * spec_.tCK_ps / 1000.0);
  }

  MemSpec spec_;
};

// An idle stack answers a read to a closed bank with ACT, tRCD, CL and the burst, and a row hit
// after it with CL and the burst; the call returns at once, with the delay annotated.
TEST_F(LooselyTimed, AnIdleReadIsAnsweredInTheCallWithTheUnloadedLatency) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::LooselyTimed);
  test::TestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  const AddressMap map(spec_.org, ControllerConfig{}.address_map);
  DramAddress a;
  a.row = 7;
  std::array<uint8_t, 32> buf{};
  sc_core::sc_spawn([&] {
    auto read = [&](uint64_t addr, const sc_time& at) {
      tlm::tlm_generic_payload gp;
      test::fill_payload(gp, tlm::TLM_READ_COMMAND, addr, buf.data(), 32);
      sc_time delay = at;
      cpu.socket->b_transport(gp, delay);
      EXPECT_EQ(sc_core::sc_time_stamp(), SC_ZERO_TIME) << "the call never waits";
      EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
      return cycles(delay - at);
    };
    const Timing& t = spec_.t;
    EXPECT_NEAR(read(map.encode(a), SC_ZERO_TIME), 1 + t.nRCDRD + t.nCL + t.nBL, 0.01);
    a.column = 1;
    const sc_time later(double(spec_.first_ps_of_cycle(1000)), SC_PS);  // the first picosecond of cycle 1000
    EXPECT_NEAR(read(map.encode(a), later), 1 + t.nCL + t.nBL, 0.01);
  });
  sc_core::sc_start();
}

// Listeners see each access with its bank named both ways (bank group and bank, and the bank's
// index in the pseudo-channel), as the exact target reports it.
TEST_F(LooselyTimed, AccessReportsNameTheirBank) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::LooselyTimed);
  test::Recorder seen;
  mem.add_listener(&seen);
  test::TestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  const AddressMap map(spec_.org, ControllerConfig{}.address_map);
  std::array<uint8_t, 32> buf{};
  sc_core::sc_spawn([&] {
    for (int bank_group = 0; bank_group < spec_.org.bank_groups_per_pc(); ++bank_group) {  // every SID's
      for (int bank = 0; bank < spec_.org.banks_per_group; ++bank) {
        DramAddress a;
        a.bank_group = bank_group;
        a.bank = bank;
        tlm::tlm_generic_payload gp;
        test::fill_payload(gp, tlm::TLM_READ_COMMAND, map.encode(a), buf.data(), 32);
        sc_time delay = SC_ZERO_TIME;
        cpu.socket->b_transport(gp, delay);
      }
    }
  });
  sc_core::sc_start();
  ASSERT_EQ(seen.completions.size(), size_t(spec_.org.banks_per_pc()));
  for (const test::Completion& c : seen.completions) {
    EXPECT_EQ(c.access.bank_id, c.access.addr.bank_group * spec_.org.banks_per_group + c.access.addr.bank);
  }
}

// A write waits in its pseudo-channel's write queue while reads keep the data bus busy, so its
// answer (as if it drained at once) comes before the time the model books for it when the reads
// arriving after it go first. The run counts it, and by exactly the cycles between the two.
TEST_F(LooselyTimed, AWriteBookedAfterItsAnswerIsCountedAsAnsweredEarly) {
  HbmController mem("mem", spec_, ControllerConfig{}, TimingMode::LooselyTimed);
  std::vector<CompletedRequest> reported;
  mem.set_request_observer([&](const CompletedRequest& r) { reported.push_back(r); });
  test::TestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  const AddressMap map(spec_.org, ControllerConfig{}.address_map);
  std::array<uint8_t, 32> buf{};
  Cycle write_answer = 0;
  sc_core::sc_spawn([&] {
    auto send = [&](tlm::tlm_command cmd, int bank_group, int column) {
      DramAddress a;  // channel 0, pseudo-channel 0, bank 0, row 0
      a.bank_group = bank_group;
      a.column = column;
      tlm::tlm_generic_payload gp;
      test::fill_payload(gp, cmd, map.encode(a), buf.data(), 32);
      sc_time delay = SC_ZERO_TIME;
      cpu.socket->b_transport(gp, delay);
      EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
      return Cycle(std::llround(cycles(delay)));  // the annotated done cycle
    };
    for (int column = 0; column < 8; ++column) send(tlm::TLM_READ_COMMAND, column % 4, column);
    write_answer = send(tlm::TLM_WRITE_COMMAND, 0, 20);
    for (int column = 8; column < 24; ++column) send(tlm::TLM_READ_COMMAND, column % 4, column);
  });
  sc_core::sc_start();
  mem.drain_loosely_timed();
  ASSERT_EQ(reported.size(), 25u);
  const auto write = std::find_if(reported.begin(), reported.end(), [](const CompletedRequest& r) { return r.is_write; });
  ASSERT_NE(write, reported.end());
  ASSERT_GT(write->done, write_answer) << "the reads that came after the write were booked before it";
  EXPECT_EQ(mem.early_answers(), 1u) << "reads are booked when answered";
  EXPECT_EQ(mem.early_answer_cycles(), write->done - write_answer);
}

// A stream of sequential reads at the full bandwidth of the stack, and a sequential stream half
// of writes at a quarter of it: the model's bandwidth is the cycle-exact target's, and so is
// its mean latency, within the tolerance given (measured with aimc run on the same traces:
// bandwidth +0.0 %, latency -0.2 %; and +0.1 %, -1.7 %).
TEST_F(LooselyTimed, SequentialStreamsMatchTheExactTarget) {
  SyntheticTraceSpec g;
  g.pattern = SyntheticPattern::Sequential;
  g.requests = 40000;
  g.bytes = 64;
  g.capacity_bytes = spec_.org.capacity_bytes();
  for (const auto& [read_fraction, interval_ps, latency_tolerance] : {std::tuple{1.0, 60, 0.01}, {0.5, 200, 0.05}}) {
    SCOPED_TRACE(testing::Message() << "reads " << read_fraction << ", one request every " << interval_ps << " ps");
    g.read_fraction = read_fraction;
    g.interval_ps = uint64_t(interval_ps);
    const RunStats exact = play(g, TimingMode::Exact);
    const RunStats lt = play(g, TimingMode::LooselyTimed);
    EXPECT_NEAR(gbps(lt), gbps(exact), 0.01 * gbps(exact));
    EXPECT_NEAR(mean_ns(lt), mean_ns(exact), latency_tolerance * mean_ns(exact));
  }
}

// A closed-loop decode (512 requests in flight, each token step waiting for the last) plays
// through the decoupled initiator with no thread per request, at full length: its step time is
// the cycle-exact target's within 5 %, lt's target on decode traffic. Measured -4.0 % over the
// shipped 8 steps (each sampling two other layers of the 80); over 40 steps, every layer once, it
// is -5.9 %, outside the target (docs/timing-model.md).
TEST_F(LooselyTimed, ClosedLoopDecodeStepMatchesTheExactTarget) {
  Scenario s = load_scenario(test::source_path("scenarios/llm/llama3_70b_decode.yaml"));
  s.traffic.streams.resize(1);  // the 70B decode alone (the 8B one alone is 5.1 % short: docs/timing-model.md)
  ASSERT_EQ(s.traffic.streams.front().name, "decode");
  const RunStats at = run_scenario_tlm(s, {}, 0, nullptr, TlmRunOptions{TlmRunMode::At, 0});
  const RunStats lt = run_scenario_tlm(s, {}, 0, nullptr, TlmRunOptions{TlmRunMode::LooselyTimed, 1000});
  ASSERT_FALSE(at.groups.empty());
  ASSERT_EQ(lt.groups.size(), at.groups.size());
  auto mean_step = [](const RunStats& r) {
    double sum = 0;
    for (const auto& [group, span] : r.groups) sum += double(span.last_done - span.first_arrival);
    return sum / double(r.groups.size());
  };
  EXPECT_NEAR(mean_step(lt), mean_step(at), 0.05 * mean_step(at));
  EXPECT_EQ(lt.read_requests + lt.write_requests, at.read_requests + at.write_requests);
}

// Two CPU-like blocking initiators, one KV-tagged and one best effort, each one request at a
// time with 2 ns of work between: in lt they keep local time with a quantum keeper (100 ns) and
// never wait inside the target. Each one's mean latency is the exact target's within 5 %.
TEST_F(LooselyTimed, TwoBlockingInitiatorsSeeTheExactTargetsLatency) {
  auto run = [&](TimingMode mode) {
    fresh_context();
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(100, sc_core::SC_NS));
    HbmController mem("mem", spec_, ControllerConfig{}, mode);
    test::TestInitiator kv("kv"), cpu("cpu");
    kv.socket.bind(mem.socket);
    cpu.socket.bind(mem.socket);
    std::array<double, 2> latency_ns{};
    auto body = [&](test::TestInitiator& who, StreamClass cls, uint64_t seed, double& mean) {
      std::mt19937_64 rng(seed);
      tlm_utils::tlm_quantumkeeper qk;
      qk.reset();
      std::array<uint8_t, 64> buf{};
      StreamExtension tag(cls == StreamClass::KV_READ ? 1 : 2, cls, 0);
      double sum = 0;
      constexpr int kRequests = 2000;
      for (int i = 0; i < kRequests; ++i) {
        const uint64_t addr = (rng() % (uint64_t{1} << 30)) & ~uint64_t{63};
        const bool write = cls == StreamClass::BEST_EFFORT && rng() % 3 == 0;
        tlm::tlm_generic_payload gp;
        test::fill_payload(gp, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, addr, buf.data(), 64);
        gp.set_extension(&tag);
        const bool lt = mode == TimingMode::LooselyTimed;
        const sc_time start = lt ? qk.get_current_time() : sc_core::sc_time_stamp();
        sc_time delay = lt ? qk.get_local_time() : SC_ZERO_TIME;
        who.socket->b_transport(gp, delay);
        gp.clear_extension(&tag);
        EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
        if (lt) {
          qk.set(delay);
          sum += (qk.get_current_time() - start).to_seconds() * 1e9;
          qk.inc(sc_time(2, sc_core::SC_NS));
          if (qk.need_sync()) qk.sync();
        } else {
          sum += (sc_core::sc_time_stamp() - start).to_seconds() * 1e9;
          sc_core::wait(sc_time(2, sc_core::SC_NS));
        }
      }
      mean = sum / kRequests;
    };
    sc_core::sc_spawn([&] { body(kv, StreamClass::KV_READ, 1, latency_ns[0]); });
    sc_core::sc_spawn([&] { body(cpu, StreamClass::BEST_EFFORT, 2, latency_ns[1]); });
    sc_core::sc_start();
    return latency_ns;
  };
  const auto exact = run(TimingMode::Exact);
  const auto lt = run(TimingMode::LooselyTimed);
  EXPECT_NEAR(lt[0], exact[0], 0.05 * exact[0]) << "KV-tagged initiator";
  EXPECT_NEAR(lt[1], exact[1], 0.05 * exact[1]) << "best-effort initiator";
}

// mixed_tenants at full length: a closed-loop decode (its requests wait in the issue gate) beside
// open-loop tenants, their requests interleaved in the source. The decoupled initiator sends
// every request at its own time, in time order, so none is admitted late and the answer does not
// depend on the quantum. (Before, it read the source by runs of gated and ungated requests, fell
// behind the gate's issue cycle and sent the tenants' requests late: 53,719 late admissions at
// 1 us, with the mean latency off by +23 % there and by -14 % at 10 ns.)
TEST_F(LooselyTimed, GatedAndOpenStreamsTogetherAreSentInTimeOrderAtAnyQuantum) {
  const Scenario s = load_scenario(test::source_path("scenarios/tenants/mixed_tenants.yaml"));
  auto run = [&](double quantum_ns) {
    return run_scenario_tlm(s, {}, 0, nullptr, TlmRunOptions{TlmRunMode::LooselyTimed, quantum_ns});
  };
  const RunStats fine = run(10);
  const RunStats coarse = run(10000);
  EXPECT_EQ(fine.tlm.late_admissions, 0u);
  EXPECT_EQ(coarse.tlm.late_admissions, 0u);
  EXPECT_EQ(fine.last_done, coarse.last_done);
  EXPECT_EQ(fine.latencies_of_direction(false), coarse.latencies_of_direction(false));
  EXPECT_EQ(fine.latencies_of_direction(true), coarse.latencies_of_direction(true));
}

}  // namespace
}  // namespace aimc
