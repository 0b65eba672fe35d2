// CycleRing: a set of cycles inside a sliding window of kWindow cycles, as a ring of bits. The
// loosely-timed model keeps one per pseudo-channel and bank group and command kind to book
// commands out of order (docs/timing-model.md). Each 64-cycle word remembers which stretch of
// cycles it holds, so marking a cycle kWindow or more past an old one forgets the old one with
// no sweep; the owner never asks about cycles that far behind its newest.
// Cycles are signed and ranges are clipped at cycle 0, so that c - gap needs no care.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace aimc {

class CycleRing {
 public:
  static constexpr int kBits = 14;
  static constexpr int64_t kWindow = int64_t{1} << kBits;

  CycleRing() : words_(size_t(kWindow / 64), 0), bases_(size_t(kWindow / 64), -1) {}

  void mark(int64_t c) {
    const size_t w = word(c);
    if (bases_[w] != base(c)) {  // the word held an older stretch of cycles: forget it
      bases_[w] = base(c);
      words_[w] = 0;
    }
    words_[w] |= bit(c);
  }
  // The latest marked cycle in [from, to), or -1 when there is none.
  int64_t last_in(int64_t from, int64_t to) const {
    from = std::max<int64_t>(from, 0);
    while (to > from) {
      const int64_t hi = to - 1;
      const int64_t word_start = base(hi);
      const int64_t lo = from > word_start ? from : word_start;
      const uint64_t span = hi - lo + 1 == 64 ? ~uint64_t{0} : ((uint64_t{1} << (hi - lo + 1)) - 1) << (lo % 64);
      const uint64_t hits = bits_of(hi) & span;
      if (hits != 0) return word_start + int64_t(63 - __builtin_clzll(hits));
      to = lo;
    }
    return -1;
  }
  // How many marked cycles lie in [from, to).
  int count_in(int64_t from, int64_t to) const {
    int n = 0;
    for (int64_t c = std::max<int64_t>(from, 0); c < to; ++c) n += (bits_of(c) & bit(c)) != 0;
    return n;
  }

 private:
  static size_t word(int64_t c) { return size_t((c % kWindow) / 64); }
  static int64_t base(int64_t c) { return c - c % 64; }
  static uint64_t bit(int64_t c) { return uint64_t{1} << (c % 64); }
  // The bits of the word holding cycle c, if that word holds c's stretch (else none are marked).
  uint64_t bits_of(int64_t c) const { return bases_[word(c)] == base(c) ? words_[word(c)] : 0; }
  std::vector<uint64_t> words_;
  std::vector<int64_t> bases_;  // the first cycle each word stands for
};

}  // namespace aimc
