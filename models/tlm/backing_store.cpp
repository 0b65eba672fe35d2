#include "models/tlm/backing_store.h"

#include <algorithm>
#include <cstring>

namespace aimc {
namespace {
bool enabled(const uint8_t* be, uint32_t be_len, uint32_t i) { return be == nullptr || be[i % be_len] != 0; }
}  // namespace

void BackingStore::read(uint64_t addr, uint8_t* out, uint32_t len, const uint8_t* be, uint32_t be_len) const {
  uint32_t done = 0;
  while (done < len) {
    const uint64_t a = addr + done;
    const uint64_t offset = a % kPageBytes;
    const uint32_t chunk = uint32_t(std::min<uint64_t>(len - done, kPageBytes - offset));
    const auto it = pages_.find(a / kPageBytes);
    if (it == pages_.end() && be == nullptr) {
      std::memset(out + done, 0, chunk);
    } else if (be == nullptr) {
      std::memcpy(out + done, it->second.get() + offset, chunk);
    } else {
      for (uint32_t i = 0; i < chunk; ++i) {
        if (enabled(be, be_len, done + i)) out[done + i] = it == pages_.end() ? 0 : it->second[offset + i];
      }
    }
    done += chunk;
  }
}

void BackingStore::write(uint64_t addr, const uint8_t* in, uint32_t len, const uint8_t* be, uint32_t be_len) {
  uint32_t done = 0;
  while (done < len) {
    const uint64_t a = addr + done;
    const uint64_t offset = a % kPageBytes;
    const uint32_t chunk = uint32_t(std::min<uint64_t>(len - done, kPageBytes - offset));
    const auto found = pages_.find(a / kPageBytes);
    if (found == pages_.end() && std::all_of(in + done, in + done + chunk, [](uint8_t b) { return b == 0; })) {
      done += chunk;  // zeros into a page never written: it reads as zeros already
      continue;
    }
    auto& page = found != pages_.end() ? found->second : pages_[a / kPageBytes];
    if (!page) page = std::make_unique<uint8_t[]>(kPageBytes);  // value-initialized: zeros
    if (be == nullptr) {
      std::memcpy(page.get() + offset, in + done, chunk);
    } else {
      for (uint32_t i = 0; i < chunk; ++i) {
        if (enabled(be, be_len, done + i)) page[offset + i] = in[done + i];
      }
    }
    done += chunk;
  }
}

}  // namespace aimc
