// The memspec as simulated: its clock, organization and every timing in cycles and in ns, after
// the data rate and any --set override. `aimc memspec` prints it; the stats JSON records it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/params/memspec.h"

namespace aimc {

std::string memspec_report(const MemSpec& m);  // text, one timing per line
nlohmann::json memspec_json(const MemSpec& m);

}  // namespace aimc
