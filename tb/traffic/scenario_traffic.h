// ScenarioTraffic: the whole traffic of a scenario as one RequestSource: every stream of its
// TrafficSpec (trace files and generators) merged in time order; on equal times the stream
// listed first goes first. It owns what its streams need (the address map for adversarial
// patterns) and checks each stream's region against the stack. The streams' next requests wait
// in a heap, so a request costs log(streams), not streams.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <utility>
#include <vector>

#include "models/core/address_map.h"
#include "models/params/scenario.h"
#include "tb/traffic/request_source.h"

namespace aimc {

class ScenarioTraffic : public RequestSource {
 public:
  // Throws ConfigError naming the scenario file and stream when a stream does not fit.
  ScenarioTraffic(const TrafficSpec& traffic, const MemSpec& spec, const ControllerConfig& cfg);
  bool next(TraceRequest& out) override;
  double progress() const override;

 private:
  AddressMap map_;
  std::vector<std::unique_ptr<RequestSource>> sources_;
  void pull(size_t i);
  std::vector<StreamSpec> specs_;  // for errors found while running
  // A trace stream's requests carry their own stream ids; those of the generated streams are
  // theirs alone (their statistics and issue limits go by id).
  void check_trace_stream_id(size_t i) const;
  std::vector<int> generated_by_id_;  // stream id -> index of the generated stream with it, or -1
  std::vector<TraceRequest> heads_;
  // Live streams by (time of their next request, stream index): earliest first, then listed first.
  using Key = std::pair<uint64_t, size_t>;
  std::priority_queue<Key, std::vector<Key>, std::greater<Key>> order_;
};

}  // namespace aimc
