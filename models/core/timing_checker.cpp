#include "models/core/timing_checker.h"

#include <algorithm>

namespace aimc {

TimingChecker::TimingChecker(const MemSpec& spec)
    : pcs_(spec.org.pseudo_channels),
      bank_groups_(spec.org.bank_groups_per_pc()),
      banks_per_group_(spec.org.banks_per_group),
      nFAW_(spec.t.nFAW),
      nACT_CMD_(spec.t.nACT_CMD) {
  for (const TimingRule& r : build_timing_rules(spec.t)) {
    raises_[size_t(index_of(r.from))][size_t(r.scope)].push_back({r.to, r.latency});
  }
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
  return cmd == Command::ACT ? std::max(e, faw_ready(pc)) : e;
}

void TimingChecker::issue(Command cmd, const DramAddress& a, Cycle now) {
  const int pc = pc_index(a);
  const auto& by_scope = raises_[size_t(index_of(cmd))];
  const auto& bank_rules = by_scope[size_t(Scope::Bank)];
  const auto& group_rules = by_scope[size_t(Scope::BankGroup)];
  if (is_pc_wide(cmd)) {
    const int banks = bank_groups_ * banks_per_group_;
    for (int b = 0; b < banks; ++b) raise_all(bank_next_[size_t(pc) * banks + b], bank_rules, now);
    for (int g = 0; g < bank_groups_; ++g) raise_all(bg_next_[size_t(pc) * bank_groups_ + g], group_rules, now);
  } else {
    raise_all(bank_next_[bank_index(a)], bank_rules, now);
    raise_all(bg_next_[bg_index(a)], group_rules, now);
  }
  raise_all(pc_next_[pc], by_scope[size_t(Scope::PseudoChannel)], now);
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
