// FlatHashMap: a hash map kept in one array (open addressing, linear probing), for the tables
// looked up once or twice per access: requests in flight, reads awaiting their data, written
// locations. std::unordered_map allocates a node per entry, so each look-up follows a pointer to a
// scattered node and each insert and erase calls the allocator; here a look-up reads one or two
// neighbouring slots. Erasing shifts the entries behind it back (no tombstones), so a table that
// sees millions of inserts and erases at a steady size stays as fast as a fresh one.
// Iteration order is unspecified, as for std::unordered_map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "models/core/mix64.h"

namespace aimc {

// Every key bit reaches the low bits that pick a slot.
struct MixedHash {
  size_t operator()(uint64_t k) const { return size_t(mix64(k)); }
};

template <typename Key, typename Value, typename Hash = MixedHash>
class FlatHashMap {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

  Value* find(const Key& k) {
    if (slots_.empty()) return nullptr;
    for (size_t i = home(k);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key == k) return &s.value;
    }
  }
  const Value* find(const Key& k) const { return const_cast<FlatHashMap*>(this)->find(k); }
  bool contains(const Key& k) const { return find(k) != nullptr; }

  // The value of k, inserted as `init` when k is not there.
  Value& find_or_insert(const Key& k, const Value& init = Value{}) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    size_t i = home(k);
    for (; slots_[i].used; i = (i + 1) & mask_) {
      if (slots_[i].key == k) return slots_[i].value;
    }
    slots_[i] = {k, init, true};
    ++size_;
    return slots_[i].value;
  }
  Value& operator[](const Key& k) { return find_or_insert(k); }

  // Removes k; false when it was not there.
  bool erase(const Key& k) {
    if (slots_.empty()) return false;
    size_t i = home(k);
    for (; slots_[i].used; i = (i + 1) & mask_) {
      if (slots_[i].key == k) break;
    }
    if (!slots_[i].used) return false;
    // Backward shift: move each later entry of the run into the hole when the hole lies on its
    // probe path (between its home slot and where it sits), so every look-up still finds it.
    for (size_t j = (i + 1) & mask_; slots_[j].used; j = (j + 1) & mask_) {
      const size_t h = home(slots_[j].key);
      const bool hole_on_path = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (hole_on_path) {
        slots_[i] = std::move(slots_[j]);
        i = j;
      }
    }
    slots_[i].used = false;
    --size_;
    return true;
  }

  // Calls f(key, value) for every entry.
  template <typename F>
  void for_each(F f) const {
    for (const Slot& s : slots_) {
      if (s.used) f(s.key, s.value);
    }
  }

 private:
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };
  size_t home(const Key& k) const { return Hash()(k) & mask_; }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    mask_ = slots_.size() - 1;
    for (Slot& s : old) {
      if (!s.used) continue;
      size_t i = home(s.key);
      while (slots_[i].used) i = (i + 1) & mask_;
      slots_[i] = std::move(s);
    }
  }

  std::vector<Slot> slots_;  // a power of two long, at most half full
  size_t size_ = 0;
  size_t mask_ = 0;
};

}  // namespace aimc
