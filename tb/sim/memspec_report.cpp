#include "tb/sim/memspec_report.h"

#include <fmt/format.h>

#include "models/core/refresh_manager.h"
#include "models/params/config_error.h"

namespace aimc {

std::string memspec_report(const MemSpec& m) {
  const Organization& o = m.org;
  std::string s;
  auto out = [&](auto&&... args) { fmt::format_to(std::back_inserter(s), std::forward<decltype(args)>(args)...); };
  out("memspec       {}\n", m.describe());
  out("file          {}\n", m.source_file);
  out("organization  {} channels x {} pseudo-channels x {} SIDs x {} bank groups x {} banks, {} rows of {} B; {:.0f} GiB, "
      "{}-high\n",
      o.channels, o.pseudo_channels, o.stack_ids, o.bank_groups, o.banks_per_group, o.rows, o.row_bytes(),
      double(o.capacity_bytes()) / double(uint64_t{1} << 30), o.stack_height);
  out("timing        cycles of tCK, and ns\n");
  for (const TimingField& f : kTimingFields) {
    const int cycles = m.t.*f.cycles;
    out("  n{:<9} {:>7}  {:>10.3f} ns\n", f.name, cycles, cycles * m.tCK_ps / 1000.0);
  }
  out("  max_postponed_refreshes {}\n", m.t.max_postponed_refreshes);
  // Whether a run can refresh this part under each policy: the drain before a refresh must fit
  // in the intervals max_postponed_refreshes allows, else `aimc run` refuses the memspec.
  out("refresh       whether a run can use each policy\n");
  for (const RefreshPolicy policy : {RefreshPolicy::AllBank, RefreshPolicy::PerBank}) {
    const char* name = policy == RefreshPolicy::AllBank ? "all_bank" : "per_bank";
    try {
      const int owed = refresh_urgent_owed(m, policy);
      out("  {:<9} yes: a refresh is forced once {} are owed (drain {} cycles)\n", name, owed,
          refresh_drain_cycles(m.t, policy));
    } catch (const ConfigError& e) {
      out("  {:<9} no, a run refuses it: field '{}': {}\n", name, e.field(), e.reason());
    }
  }
  return s;
}

nlohmann::json memspec_json(const MemSpec& m) {
  const Organization& o = m.org;
  nlohmann::json timing;
  for (const TimingField& f : kTimingFields) timing[std::string("n") + f.name] = m.t.*f.cycles;
  timing["max_postponed_refreshes"] = m.t.max_postponed_refreshes;
  return {{"name", m.name},
          {"file", m.source_file},
          {"data_rate_gbps", m.data_rate_gbps()},
          {"tCK_ps", m.tCK_ps},
          {"peak_GBps", m.peak_gbps()},
          {"organization",
           {{"channels", o.channels},
            {"pseudo_channels", o.pseudo_channels},
            {"stack_ids", o.stack_ids},
            {"bank_groups", o.bank_groups},
            {"banks_per_group", o.banks_per_group},
            {"rows", o.rows},
            {"columns", o.columns},
            {"access_bytes", o.access_bytes},
            {"stack_height", o.stack_height},
            {"capacity_bytes", o.capacity_bytes()}}},
          {"timing_cycles", timing}};
}

}  // namespace aimc
