// Access: one 32 B read or write waiting in a pseudo-channel queue; BankState: what the
// controller knows about one bank. Plain data shared by the controller and its schedulers.
#pragma once

#include <cstdint>

#include "models/core/command.h"
#include "models/params/stream_class.h"

namespace aimc {

struct Access {
  uint64_t seq = 0;         // arrival order across the stack: lower is older
  uint64_t request_id = 0;  // the front-end request this access belongs to
  Cycle arrival = 0;        // cycle the access entered the queue
  DramAddress addr;
  int bank_id = 0;          // bank_group * banks_per_group + bank, within the pseudo-channel
  bool is_write = false;
  StreamClass stream_class = StreamClass::BEST_EFFORT;
  bool caused_act = false;  // an ACT was issued for this access (row miss)
  bool caused_pre = false;  // a PRE was issued for this access (row conflict)
  // Older queued accesses to the same location (bank, row, column) it must follow: a read
  // after a write, a write after a read or a write. Invisible to the scheduler while > 0.
  int waits_for = 0;
};

// Two accesses to one location whose order matters: the same bank, row and column, and at
// least one of them writes.
inline bool ordered_pair(const Access& a, const Access& b) {
  return (a.is_write || b.is_write) && a.bank_id == b.bank_id && a.addr.row == b.addr.row &&
         a.addr.column == b.addr.column;
}

struct BankState {
  bool open = false;
  int64_t row = -1;
  int hits_served = 0;  // column commands served since the row was opened
  Cycle last_column = kNever;  // the latest column command to the bank (kNever: none yet)
};

enum class RowOutcome { Hit, Miss, Conflict };

}  // namespace aimc
