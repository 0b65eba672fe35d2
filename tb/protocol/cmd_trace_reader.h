// Reads a command-trace CSV (the format CmdTraceWriter writes) back into CommandRecords,
// turning time_ps into clock cycles of the given tCK. Errors name file, line and field.
#pragma once

#include <string>
#include <vector>

#include "models/core/command.h"

namespace aimc {

std::vector<CommandRecord> read_cmd_trace(const std::string& path, double tCK_ps);

}  // namespace aimc
