// IssueGate: the outstanding limit and the step barrier of a closed-loop initiator, and the
// scenario fields that set them (errors name file, line and field).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "models/params/config_error.h"
#include "models/params/scenario.h"
#include "tb/sim/scenario_run.h"
#include "tb/traffic/issue_gate.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

TraceRequest request(uint32_t stream, uint64_t address, uint64_t group = kNoGroup) {
  TraceRequest r;
  r.stream_id = stream;
  r.address = address;
  r.bytes = 64;
  r.group = group;
  return r;
}

std::vector<uint64_t> pop_all(IssueGate& gate, Cycle now) {
  std::vector<uint64_t> out;
  TraceRequest r;
  while (gate.pop(now, r)) out.push_back(r.address);
  return out;
}

TEST(IssueGate, OutstandingLimitHoldsRequestsUntilASlotIsFreeTheCycleAfterTheResponse) {
  IssueGate gate({{}, {2, false}});
  EXPECT_FALSE(gate.gated(0));
  EXPECT_TRUE(gate.gated(1));
  for (uint64_t a = 0; a < 4; ++a) gate.offer(request(1, a), 5);
  EXPECT_EQ(gate.next_issue(0), 5u);
  EXPECT_TRUE(pop_all(gate, 4).empty());  // not before its own time
  EXPECT_EQ(pop_all(gate, 5), (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(gate.in_flight(1), 2u);
  EXPECT_EQ(gate.next_issue(6), kNever);  // both slots wait for responses not seen yet
  // A response known ahead (the C++ core knows the last data's cycle at the column command).
  gate.on_done(1, kNoGroup, 30);
  EXPECT_EQ(gate.next_issue(6), 31u);
  EXPECT_TRUE(pop_all(gate, 30).empty());
  EXPECT_EQ(pop_all(gate, 31), (std::vector<uint64_t>{2}));
  gate.on_done(1, kNoGroup, 20);
  EXPECT_EQ(pop_all(gate, 31), (std::vector<uint64_t>{3}));
  EXPECT_TRUE(gate.empty());
}

TEST(IssueGate, SlotsFreeInTheOrderOfTheirResponsesNotOfTheirRequests) {
  IssueGate gate({{}, {3, false}});
  for (uint64_t a = 0; a < 5; ++a) gate.offer(request(1, a), 0);
  EXPECT_EQ(pop_all(gate, 0).size(), 3u);
  gate.on_done(1, kNoGroup, 50);
  gate.on_done(1, kNoGroup, 10);
  EXPECT_EQ(gate.next_issue(1), 11u);
  EXPECT_EQ(pop_all(gate, 11), (std::vector<uint64_t>{3}));
  EXPECT_EQ(gate.next_issue(12), 51u);  // the third is still unanswered; the next slot is 50's
}

TEST(IssueGate, StepBarrierStartsTheNextStepTheCycleAfterTheLastResponseOfThePreviousOne) {
  IssueGate gate({{}, {0, true}});
  gate.offer(request(1, 0, 7), 0);
  gate.offer(request(1, 1, 7), 0);
  gate.offer(request(1, 2, 8), 0);
  EXPECT_EQ(pop_all(gate, 0), (std::vector<uint64_t>{0, 1}));  // no outstanding limit
  gate.on_done(1, 7, 40);
  EXPECT_EQ(gate.next_issue(1), kNever);  // one response of step 7 is still to come
  gate.on_done(1, 7, 25);
  EXPECT_EQ(gate.next_issue(1), 41u);
  EXPECT_TRUE(pop_all(gate, 40).empty());
  EXPECT_EQ(pop_all(gate, 41), (std::vector<uint64_t>{2}));
}

TEST(IssueGate, StreamsAreIndependentAndKeepTheirOrder) {
  IssueGate gate({{}, {1, false}, {2, false}});
  gate.offer(request(1, 10), 0);
  gate.offer(request(1, 11), 0);
  gate.offer(request(2, 20), 3);
  gate.offer(request(2, 21), 0);  // a later request of a stream never overtakes an earlier one
  EXPECT_EQ(pop_all(gate, 0), (std::vector<uint64_t>{10}));
  EXPECT_EQ(pop_all(gate, 3), (std::vector<uint64_t>{20, 21}));
  gate.on_done(1, kNoGroup, 4);
  EXPECT_THROW(gate.on_done(1, kNoGroup, 5), std::logic_error) << "a response with nothing in flight";
  EXPECT_EQ(pop_all(gate, 5), (std::vector<uint64_t>{11}));
}

std::string decode_scenario(const std::string& extra) {
  return "name: closed_loop\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
         "\ntraffic:\n  streams:\n"
         "    - name: decode\n      kind: llm_decode\n"
         "      model: {layers: 32, hidden: 4096, kv_heads: 8, head_dim: 128, weight_gib: 15}\n"
         "      batch: 4\n      context: 1024\n      steps: 3\n      layer_fraction: 0.0002\n      rate_gbps: 2000\n" +
         extra +
         "    - name: background\n      kind: random\n      read_percent: 70\n      rate_gbps: 200\n"
         "      duration_ns: 3000\n";
}

// The most requests of the model's classes (not BEST_EFFORT) in flight at once, each from its
// first access taken to its last data.
class InFlightModelRequests : public ControllerListener {
 public:
  void on_access_queued(const Access& a, Cycle now) override {
    if (a.stream_class == StreamClass::BEST_EFFORT) return;
    auto [it, fresh] = spans_.try_emplace(a.request_id, now, now);
    if (!fresh) it->second.first = std::min(it->second.first, now);
  }
  void on_access_done(const Access& a, RowOutcome, Cycle done) override {
    if (a.stream_class == StreamClass::BEST_EFFORT) return;
    Cycle& last = spans_.at(a.request_id).second;
    last = std::max(last, done);
  }
  size_t peak() const {
    std::vector<std::pair<Cycle, int>> events;  // +1 at the start, -1 after the end
    for (const auto& [id, span] : spans_) {
      events.push_back({span.first, +1});
      events.push_back({span.second + 1, -1});
    }
    std::sort(events.begin(), events.end());  // at one cycle, ends (-1) before starts
    int now = 0, peak = 0;
    for (const auto& e : events) peak = std::max(peak, now += e.second);
    return size_t(peak);
  }

 private:
  std::map<uint64_t, std::pair<Cycle, Cycle>> spans_;
};

TEST(IssueGate, ScenarioStepsFollowEachOtherAndLatencyCountsFromTheIssue) {
  const Scenario open = load_scenario(test::write_temp("open.yaml", decode_scenario("")));
  const Scenario closed =
      load_scenario(test::write_temp("closed.yaml", decode_scenario("      max_outstanding: 32\n      step_barrier: true\n")));
  EXPECT_EQ(closed.traffic.streams[0].max_outstanding, 32u);
  EXPECT_TRUE(closed.traffic.streams[0].step_barrier);
  InFlightModelRequests open_in_flight, closed_in_flight;
  const RunStats a = run_scenario(open, {&open_in_flight});
  const RunStats b = run_scenario(closed, {&closed_in_flight});
  EXPECT_EQ(closed_in_flight.peak(), 32u);
  EXPECT_GT(open_in_flight.peak(), 200u);
  EXPECT_EQ(a.completed_requests(), b.completed_requests());
  std::vector<GroupSpan> steps;
  for (const auto& [group, span] : b.groups) steps.push_back(span);
  ASSERT_EQ(steps.size(), 3u);
  for (size_t i = 1; i < steps.size(); ++i) {
    EXPECT_EQ(steps[i].first_arrival, steps[i - 1].last_done + 1) << "step " << i;
  }
  // Open loop at 2000 GB/s the decode's requests queue behind each other; closed loop they are
  // issued only when a slot is free, and their latency counts from there.
  const std::vector<uint32_t> open_kv = a.latencies_of_class(StreamClass::WEIGHT);
  const std::vector<uint32_t> closed_kv = b.latencies_of_class(StreamClass::WEIGHT);
  EXPECT_LT(*std::max_element(closed_kv.begin(), closed_kv.end()) * 2, *std::max_element(open_kv.begin(), open_kv.end()));
}

TEST(IssueGate, ScenarioFieldsAreCheckedWithFileLineAndField) {
  const std::string bad_barrier = "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                                  "\ntraffic:\n  streams:\n    - kind: random\n      requests: 10\n      step_barrier: true\n";
  const auto barrier = test::config_error([&] { load_scenario(test::write_temp("bad_barrier.yaml", bad_barrier)); });
  ASSERT_TRUE(barrier.has_value());
  EXPECT_EQ(barrier->field(), "traffic.streams[0].step_barrier");
  EXPECT_EQ(barrier->line(), 7);
  EXPECT_NE(std::string(barrier->what()).find("only LLM streams"), std::string::npos) << barrier->what();
  const std::string on_trace = "name: t\nmemspec: " + test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml") +
                               "\ntraffic:\n  streams:\n    - kind: trace\n      path: x.trace\n      max_outstanding: 4\n";
  const auto trace = test::config_error([&] { load_scenario(test::write_temp("on_trace.yaml", on_trace)); });
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->field(), "traffic.streams[0].max_outstanding");
  EXPECT_NE(std::string(trace->what()).find("generated streams"), std::string::npos) << trace->what();
}

}  // namespace
}  // namespace aimc
