#include "models/core/command.h"

namespace aimc {

std::optional<Command> command_from_name(std::string_view name) {
  for (int i = 0; i < kNumCommands; ++i) {
    if (kCommandNames[i] == name) return static_cast<Command>(i);
  }
  return std::nullopt;
}

}  // namespace aimc
