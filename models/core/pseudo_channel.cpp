#include "models/core/pseudo_channel.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aimc {

PseudoChannel::PseudoChannel(RefreshPolicy policy, const MemSpec& spec, int num_banks, int queue_depth)
    : banks(size_t(num_banks)), bank_queues(size_t(num_banks)), refresh(policy, spec, num_banks),
      slots_(size_t(queue_depth)) {
  if (num_banks > kMaxBanks) {
    throw std::invalid_argument("a pseudo-channel of " + std::to_string(num_banks) + " banks; at most " +
                                std::to_string(kMaxBanks) + " are modelled");
  }
  for (int s = queue_depth - 1; s >= 0; --s) free_slots_.push_back(s);
  for (BankQueue& q : bank_queues) q.slots.reserve(size_t(queue_depth));
}

int PseudoChannel::add(const Access& a) {
  const int slot = free_slots_.back();
  free_slots_.pop_back();
  slots_[size_t(slot)] = a;
  Access& added = slots_[size_t(slot)];
  added.waits_for = 0;
  BankQueue& q = bank_queues[size_t(a.bank_id)];
  if (a.is_write || q.writes > 0) {  // a read waits only for a write
    for (int s : q.slots) added.waits_for += ordered_pair(slots_[size_t(s)], a) ? 1 : 0;
  }
  q.writes += a.is_write ? 1 : 0;
  const BankState& b = banks[size_t(a.bank_id)];
  q.open_row_accesses += b.open && a.addr.row == b.row ? 1 : 0;
  queued_writes_ += a.is_write ? 1 : 0;
  queued_best_effort_ += a.stream_class == StreamClass::BEST_EFFORT ? 1 : 0;
  if (a.stream_class == StreamClass::KV_READ) {
    ++queued_kv_reads_;
    last_kv_read_arrival = std::max(last_kv_read_arrival, a.arrival);
  }
  if (aging_limit != kNever) next_aging = std::min(next_aging, a.arrival + aging_limit);
  q.slots.push_back(slot);
  mark_bank_changed(a.bank_id);
  return slot;
}

void PseudoChannel::open_row(int bank_id, int64_t row) {
  BankState& b = banks[size_t(bank_id)];
  b.open = true;
  b.row = row;
  b.hits_served = 0;
  BankQueue& q = bank_queues[size_t(bank_id)];
  q.open_row_accesses = 0;
  for (int s : q.slots) q.open_row_accesses += slots_[size_t(s)].addr.row == row ? 1 : 0;
}

void PseudoChannel::remove(int slot) {
  const Access& gone = slots_[size_t(slot)];
  BankQueue& q = bank_queues[size_t(gone.bank_id)];
  q.slots.erase(std::find(q.slots.begin(), q.slots.end(), slot));
  q.writes -= gone.is_write ? 1 : 0;
  const BankState& b = banks[size_t(gone.bank_id)];
  q.open_row_accesses -= b.open && gone.addr.row == b.row ? 1 : 0;
  if (gone.is_write || q.writes > 0) {  // a read only ever held up writes
    for (int s : q.slots) {  // the younger accesses that waited for it
      Access& a = slots_[size_t(s)];
      if (a.seq > gone.seq && ordered_pair(gone, a)) --a.waits_for;
    }
  }
  queued_writes_ -= slots_[size_t(slot)].is_write ? 1 : 0;
  queued_best_effort_ -= slots_[size_t(slot)].stream_class == StreamClass::BEST_EFFORT ? 1 : 0;
  queued_kv_reads_ -= slots_[size_t(slot)].stream_class == StreamClass::KV_READ ? 1 : 0;
  mark_bank_changed(gone.bank_id);
  free_slots_.push_back(slot);
}

}  // namespace aimc
