#include "tb/sim/scenario_run.h"

#include <optional>
#include <stdexcept>

#include "models/params/config_error.h"
#include "tb/traffic/scenario_traffic.h"

namespace aimc {

RunStats run_scenario(const Scenario& s, const std::vector<ControllerListener*>& listeners,
                      TraceDriver::Progress progress) {
  std::optional<TraceDriver> driver;
  std::optional<ScenarioTraffic> traffic;
  try {
    driver.emplace(s.memspec, s.controller);
    traffic.emplace(s.traffic, s.memspec, s.controller);
  } catch (const std::invalid_argument& e) {  // address map does not fit the organization
    throw ConfigError(s.address_map_origin, 0, "controller.address_map", e.what());
  }
  for (ControllerListener* l : listeners) driver->add_listener(l);
  if (progress) driver->set_progress(std::move(progress));
  return driver->run(*traffic);
}

}  // namespace aimc
