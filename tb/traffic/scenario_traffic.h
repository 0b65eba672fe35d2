// ScenarioTraffic: the whole traffic of a scenario as one RequestSource: every stream of its
// TrafficSpec (trace files and generators) merged in time order; on equal times the stream
// listed first goes first. It owns what its streams need (the address map for adversarial
// patterns) and checks each stream's region against the stack.
#pragma once

#include <memory>
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
  std::vector<TraceRequest> heads_;
  std::vector<bool> live_;
};

}  // namespace aimc
