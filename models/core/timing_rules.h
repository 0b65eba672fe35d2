// The HBM3 timing constraints as data: "after command FROM in scope S, command TO waits
// LATENCY cycles". Built once from a MemSpec; the TimingChecker applies them. Adding a rule
// here is the only way the controller learns a new timing.
#pragma once

#include <string>
#include <vector>

#include "models/core/command.h"
#include "models/params/memspec.h"

namespace aimc {

enum class Scope { Bank, BankGroup, PseudoChannel };

struct TimingRule {
  Scope scope;
  Command from;
  Command to;
  int latency;       // cycles
  std::string name;  // JEDEC name of the parameter, for messages and tests
};

std::vector<TimingRule> build_timing_rules(const Timing& t);

}  // namespace aimc
