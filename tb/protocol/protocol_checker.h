// ProtocolChecker: an independent judge of a DRAM command stream, written from the device's
// point of view rather than the scheduler's. It shares nothing with models/core's rule table:
// each bank is a small state machine (idle, active with a row, precharging until a cycle,
// refreshing until a cycle) and each scope keeps the times of its last commands. A command is
// judged against the state it finds: an ACT needs its bank idle (a precharge, explicit or the
// auto-precharge of an RDA/WRA, has completed; a refresh has finished), a REF needs its banks
// idle, a column command needs its row open, plus every timing minimum between commands, the
// four-activate window, the per-pseudo-channel data bus, the dual command bus and the refresh
// obligation (at most max_postponed_refreshes owed at any cycle and no two refreshes more than
// max_postponed_refreshes + 1 intervals apart; per-bank refresh: every bank its share of them,
// whatever order the controller refreshes banks in).
//
// Auto-precharge is timed as the device does it: the internal precharge of an RDA starts at
// max(RDA + tRTP, ACT + tRAS), of a WRA at max(end of write data + tWR, ACT + tRAS), and the
// bank is idle tRP later.
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
  int64_t command = -1; // the command that broke it, counted from 0 in checking order; -1: the end of the run
  std::string where;    // that command and its address, e.g. "RD ch 3 pc 1 bg 2 bank 0 row 17 col 4"
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
  // A wait that ends at a cycle, and the rule that set it (for the message).
  struct Until {
    Cycle at = 0;
    const char* rule = "";
    const char* cause = "";  // the command that started it, e.g. "RDA"
    Cycle since = 0;         // the cycle of that command
  };
  struct Bank {
    bool active = false;   // a row is open: column commands allowed, PRE needed before ACT/REF
    int64_t row = -1;
    Cycle act = kNone;     // last ACT
    Cycle rd = kNone;      // last RD (explicit precharge waits tRTP)
    Cycle wr_end = kNone;  // end of the last WR's data (explicit precharge waits tWR)
    Until precharge_start; // an RDA/WRA's internal precharge starts here (nothing may precharge sooner)
    Until idle;            // the bank's precharge completes here (ACT and REF wait for it)
    Until refresh;         // the bank is refreshing until here
    Cycle refpb = kNone;   // last REFpb to this bank
    uint64_t refreshes = 0;
  };
  struct Group {
    Cycle act = kNone, rd = kNone, wr = kNone, wr_end = kNone;
  };
  struct Pc {
    std::vector<Bank> banks;
    std::vector<Group> groups;
    std::array<Cycle, 4> faw{kNone, kNone, kNone, kNone};  // the last four ACTs, a ring
    int faw_next = 0;
    Cycle act = kNone, rd = kNone, wr = kNone, wr_end = kNone, pre = kNone;
    Cycle data_free = 0;  // the data bus is free from here (end of the last burst)
    uint64_t refreshes = 0;
    uint64_t fewest_bank_refreshes = 0;  // the least refreshed bank's REFpb count
    Cycle last_refresh = 0;        // the last refresh (cycle 0 before the first)
    bool overdue_reported = false; // one report per overdue or over-long stretch, until a refresh
    bool gap_reported = false;
    bool powered_down = false;     // between a PDE and its PDX
    Cycle pde = kNone, pdx = kNone;
  };
  struct Chan {
    Cycle row_free = 0;    // the row bus takes a command from here
    Cycle col_cmd = kNone; // the column bus's last command
  };

  // Reports a violation when `later` is less than `earlier` + `gap` cycles after it.
  void need_gap(Cycle earlier, Cycle later, int gap, const char* rule, const char* what);
  // Reports a violation when `now` falls before `u.at`.
  void need_past(const Until& u, Cycle now, const char* what);
  void fail(Cycle at, const std::string& rule, const std::string& message);
  void check_bus(Chan& ch, const CommandRecord& r);
  void on_act(Pc& pc, int bank, const CommandRecord& r);
  void on_pre(Pc& pc, int bank, Cycle now);
  void on_prea(Pc& pc, Cycle now);
  void on_column(Pc& pc, int bank, const CommandRecord& r);
  void on_refpb(Pc& pc, int bank, Cycle now);
  void on_refab(Pc& pc, Cycle now);
  // Power-down: nothing but PDX while down, every command tXP after a PDX (check_power_state);
  // PDE once reads have their data, writes have recovered and refreshes are done, PDX tCKE later.
  void check_power_state(const Pc& pc, const CommandRecord& r);
  void on_pde(Pc& pc, Cycle now);
  void on_pdx(Pc& pc, Cycle now);
  // What every precharge (PRE, or PREA on an open bank) must respect, and its effect.
  void check_precharge(const Bank& b, Cycle now, const char* what);
  // What every refresh (REFpb, or REFab on each bank) needs of the bank it refreshes.
  void check_refreshable(const Bank& b, Cycle now, const char* what);
  void check_refresh_due(Pc& pc, int pc_index, Cycle now);
  void on_refresh(Pc& pc, Cycle now);

  MemSpec spec_;
  RefreshPolicy refresh_;
  std::vector<Pc> pcs_;
  std::vector<Chan> channels_;
  std::vector<Violation> violations_;
  Cycle last_ = 0;
  uint64_t checked_ = 0;
  int64_t current_ = -1;           // the command being checked (Violation::command; -1: the end)
  CommandRecord current_record_{};  // and the command itself, described only for a violation
};

// Feeds every command a controller issues into a ProtocolChecker, as the run goes.
class ProtocolCheckListener : public ControllerListener {
 public:
  ProtocolCheckListener(const MemSpec& spec, RefreshPolicy refresh) : checker(spec, refresh) {}
  void on_command(const CommandRecord& r) override { checker.check(r); }
  ProtocolChecker checker;
};

}  // namespace aimc
