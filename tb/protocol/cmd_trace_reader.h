// Reads a command-trace CSV (the format CmdTraceWriter writes) back into CommandRecords,
// turning time_ps into clock cycles of the given tCK. Errors name file, line and field.
#pragma once

#include <string>
#include <vector>

#include "models/core/command.h"

namespace aimc {

// `lines`, if given, gets each command's line in the file.
std::vector<CommandRecord> read_cmd_trace(const std::string& path, double tCK_ps, std::vector<int>* lines = nullptr);

}  // namespace aimc
