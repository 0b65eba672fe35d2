// PseudoChannel: the queue, bank states and refresh bookkeeping of one 32-bit pseudo-channel.
#pragma once

#include <vector>

#include "models/core/access.h"
#include "models/core/refresh_manager.h"

namespace aimc {

struct PseudoChannel {
  PseudoChannel(RefreshPolicy policy, const Timing& t, int num_banks)
      : banks(size_t(num_banks)), refresh(policy, t, num_banks) {}

  std::vector<Access> queue;  // oldest first
  std::vector<BankState> banks;
  RefreshManager refresh;
  // Set by the channel before each scheduling pass: banks an urgent refresh has closed to work.
  bool refresh_blocks_all = false;
  int refresh_blocked_bank = -1;

  bool blocked(int bank_id) const { return refresh_blocks_all || bank_id == refresh_blocked_bank; }
};

}  // namespace aimc
