#include "models/core/timing_checker.h"

#include <algorithm>

namespace aimc {

TimingChecker::TimingChecker(const MemSpec& spec)
    : pcs_(spec.org.pseudo_channels),
      bank_groups_(spec.org.bank_groups),
      banks_per_group_(spec.org.banks_per_group),
      nFAW_(spec.t.nFAW),
      nACT_CMD_(spec.t.nACT_CMD) {
  for (const TimingRule& r : build_timing_rules(spec.t)) rules_by_from_[index_of(r.from)].push_back(r);
  const int num_pcs = spec.org.channels * pcs_;
  const NextCycles zero{};
  pc_next_.assign(num_pcs, zero);
  bg_next_.assign(size_t(num_pcs) * bank_groups_, zero);
  bank_next_.assign(size_t(num_pcs) * bank_groups_ * banks_per_group_, zero);
  last_acts_.assign(num_pcs, {});
  act_count_.assign(num_pcs, 0);
  row_bus_free_.assign(spec.org.channels, 0);
  col_bus_free_.assign(spec.org.channels, 0);
}

Cycle TimingChecker::timing_ready(Command cmd, const DramAddress& a) const {
  const int c = index_of(cmd);
  const int pc = pc_index(a);
  Cycle e = pc_next_[pc][c];
  if (is_pc_wide(cmd)) {
    const int banks = bank_groups_ * banks_per_group_;
    for (int b = 0; b < banks; ++b) e = std::max(e, bank_next_[size_t(pc) * banks + b][c]);
    for (int g = 0; g < bank_groups_; ++g) e = std::max(e, bg_next_[size_t(pc) * bank_groups_ + g][c]);
  } else {
    e = std::max({e, bg_next_[bg_index(a)][c], bank_next_[bank_index(a)][c]});
  }
  if (cmd == Command::ACT && act_count_[pc] >= kFawActs) {
    e = std::max(e, last_acts_[pc][act_count_[pc] % kFawActs] + Cycle(nFAW_));  // oldest of the window
  }
  return e;
}

void TimingChecker::issue(Command cmd, const DramAddress& a, Cycle now) {
  const int pc = pc_index(a);
  const int banks = bank_groups_ * banks_per_group_;
  for (const TimingRule& r : rules_by_from_[index_of(cmd)]) {
    const Cycle at = now + Cycle(r.latency);
    switch (r.scope) {
      case Scope::Bank:
        if (is_pc_wide(cmd)) {
          for (int b = 0; b < banks; ++b) raise(bank_next_[size_t(pc) * banks + b], r.to, at);
        } else {
          raise(bank_next_[bank_index(a)], r.to, at);
        }
        break;
      case Scope::BankGroup:
        if (is_pc_wide(cmd)) {
          for (int g = 0; g < bank_groups_; ++g) raise(bg_next_[size_t(pc) * bank_groups_ + g], r.to, at);
        } else {
          raise(bg_next_[bg_index(a)], r.to, at);
        }
        break;
      case Scope::PseudoChannel:
        raise(pc_next_[pc], r.to, at);
        break;
    }
  }
  if (cmd == Command::ACT) {
    last_acts_[pc][act_count_[pc] % kFawActs] = now;
    ++act_count_[pc];
  }
  if (is_column(cmd)) {
    col_bus_free_[a.channel] = now + 1;
  } else {
    row_bus_free_[a.channel] = now + Cycle(cmd == Command::ACT ? nACT_CMD_ : 1);
  }
}

}  // namespace aimc
