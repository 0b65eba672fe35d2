// Scenario: one run's inputs, from scenarios/*.yaml: a memspec file, controller knobs and the
// traffic to drive. Paths inside a scenario are relative to the scenario file.
#pragma once

#include <string>
#include <vector>

#include "models/params/controller_config.h"
#include "models/params/memspec.h"
#include "models/params/traffic_spec.h"
#include "models/params/yaml_override.h"

namespace aimc {

struct Scenario {
  std::string name;
  std::string source_file;
  MemSpec memspec;
  ControllerConfig controller;
  TrafficSpec traffic;
  // "file:line" of the address map, for errors found when the map meets the organization.
  std::string address_map_origin;
  // The command-line overrides it was loaded with (`--set PATH=VALUE`), in order.
  std::vector<std::string> overrides;
  // aimc run / compare-policies --sample-scale: the sampled fractions were multiplied by this
  // (and the tenants stretched alike) after loading (tb/sim/sampling_check.h).
  double sample_scale = 1;
};

// Loads a scenario file with `overrides` written over it first (models/params/yaml_override.h;
// those under `memspec.` go into its memspec file).
Scenario load_scenario(const std::string& path, std::vector<YamlOverride> overrides = {});

// Parses one address-map slice written "field" or "field:bits".
AddressSlice parse_address_slice(const std::string& text);  // throws std::invalid_argument

}  // namespace aimc
