// BackingStore: the data of the whole stack (24 or 36 GiB), stored sparsely in 512 B pages
// allocated on the first write of non-zero data; unwritten bytes read as zero. Pages are small because random
// writes over 24 GiB touch a new page each (64 KiB pages made the TLM model 9x slower).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace aimc {

class BackingStore {
 public:
  explicit BackingStore(uint64_t capacity_bytes) : capacity_(capacity_bytes) {}

  uint64_t capacity() const { return capacity_; }
  // Copies len bytes; a byte enable pattern (TLM semantics: repeated, 0 = disabled) may mask
  // them. The caller checked the range.
  void read(uint64_t addr, uint8_t* out, uint32_t len, const uint8_t* be = nullptr, uint32_t be_len = 0) const;
  void write(uint64_t addr, const uint8_t* in, uint32_t len, const uint8_t* be = nullptr, uint32_t be_len = 0);
  size_t pages_allocated() const { return pages_.size(); }

 private:
  static constexpr uint64_t kPageBytes = 512;
  uint64_t capacity_;
  std::unordered_map<uint64_t, std::unique_ptr<uint8_t[]>> pages_;
};

}  // namespace aimc
