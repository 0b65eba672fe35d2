#include "tb/sim/scenario_run.h"

#include <optional>
#include <stdexcept>

#include "models/params/config_error.h"
#include "tb/traffic/limited_source.h"
#include "tb/traffic/scenario_traffic.h"

namespace aimc {

RunStats run_scenario(const Scenario& s, const std::vector<ControllerListener*>& listeners,
                      TraceDriver::Progress progress, const TraceDriver::BackendFactory& backend,
                      uint64_t max_requests) {
  std::optional<TraceDriver> driver;
  std::optional<ScenarioTraffic> traffic;
  try {
    driver.emplace(s.memspec, s.controller, backend);
    traffic.emplace(s.traffic, s.memspec, s.controller);
  } catch (const std::invalid_argument& e) {  // address map does not fit the organization
    throw ConfigError(s.address_map_origin, 0, "controller.address_map", e.what());
  }
  driver->set_issue_limits(issue_limits_of(s.traffic));
  for (uint32_t id : llm_stream_ids(s.traffic)) driver->profile_groups_of(id);
  for (ControllerListener* l : listeners) driver->add_listener(l);
  if (progress) driver->set_progress(std::move(progress));
  if (max_requests == 0) return driver->run(*traffic);
  LimitedSource limited(*traffic, max_requests);
  RunStats stats = driver->run(limited);
  if (limited.cut()) stats.truncated_after = max_requests;
  return stats;
}

Scenario reseeded(Scenario s, int k) {
  for (StreamSpec& st : s.traffic.streams) st.seed += uint64_t(k);
  return s;
}

}  // namespace aimc
