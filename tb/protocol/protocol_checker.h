// ProtocolChecker: an independent judge of a DRAM command stream. Written from the HBM3
// rules as plain per-rule checks (it shares no table with models/core), it is fed commands in
// time order and records every violation: bank-state errors (ACT to an open bank, RD to the
// wrong row, ...), every timing minimum, the four-activate window, the dual command bus and
// the refresh obligation (no more than max_postponed_refreshes + 1 intervals owed; per-bank
// refresh: every bank its share of them, whatever order the controller refreshes banks in).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "models/core/command.h"
#include "models/core/controller_listener.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"

namespace aimc {

struct Violation {
  Cycle cycle;
  std::string rule;     // JEDEC name, e.g. tRCDRD, or a state rule such as "ACT to open bank"
  std::string message;  // full sentence with the cycles involved
};

class ProtocolChecker {
 public:
  ProtocolChecker(const MemSpec& spec, RefreshPolicy refresh);

  void check(const CommandRecord& r);
  // Checks the refresh obligation up to `end` (the end of the simulated time).
  void finish(Cycle end);
  const std::vector<Violation>& violations() const { return violations_; }
  uint64_t commands_checked() const { return checked_; }

 private:
  static constexpr Cycle kNone = ~Cycle{0};
  struct Bank {
    bool open = false;
    int64_t row = -1;
    Cycle act = kNone, pre = kNone, rd = kNone, wr = kNone, rda = kNone, wra = kNone, refpb = kNone;
    uint64_t refreshes = 0;  // REFpb to this bank
  };
  struct Group {
    Cycle act = kNone, rd = kNone, wr = kNone;
  };
  struct Pc {
    std::vector<Bank> banks;
    std::vector<Group> groups;
    std::vector<Cycle> acts;  // every ACT, for the four-activate window
    Cycle rd = kNone, wr = kNone, pre = kNone, refab = kNone, refpb = kNone;
    uint64_t refreshes = 0;
  };
  struct Chan {
    Cycle row_cmd = kNone, col_cmd = kNone;
    int row_cmd_cycles = 0;
  };

  // Reports a violation when `later` is less than `earlier` + `gap` cycles after it.
  void need_gap(Cycle earlier, Cycle later, int gap, const char* rule, const char* what);
  void fail(Cycle at, const std::string& rule, const std::string& message);
  void check_refresh_due(const Pc& pc, int pc_index, Cycle now);
  void check_bus(Chan& ch, const CommandRecord& r);
  void check_bank_rules(Pc& pc, const CommandRecord& r);
  void update(Pc& pc, const CommandRecord& r);

  MemSpec spec_;
  RefreshPolicy refresh_;
  std::vector<Pc> pcs_;
  std::vector<Chan> channels_;
  std::vector<Violation> violations_;
  Cycle last_ = 0;
  uint64_t checked_ = 0;
};

// Feeds every command a controller issues into a ProtocolChecker, as the run goes.
class ProtocolCheckListener : public ControllerListener {
 public:
  ProtocolCheckListener(const MemSpec& spec, RefreshPolicy refresh) : checker(spec, refresh) {}
  void on_command(const CommandRecord& r) override { checker.check(r); }
  ProtocolChecker checker;
};

}  // namespace aimc
