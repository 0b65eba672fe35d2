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
  // walk() goes a word at a time only for gaps up to this (columns: tCCD_S, 2 cycles), where
  // marks come in dense runs. Wider ones (ACTs: tRRD_S, 8 to 12 cycles) seldom form runs, and
  // stepping one mark at a time costs less than the word walk's shifted masks (2.1 % fewer
  // instructions in lt on paced random traffic). The masks reach 63 cycles: at most 32.
  static constexpr int64_t kWordWalkMaxGap = 4;
  static_assert(2 * kWordWalkMaxGap - 1 < 64, "shifted_or reaches less than 64 cycles");

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
      const uint64_t span = (~uint64_t{0} << (lo & 63)) & (~uint64_t{0} >> (63 - (hi & 63)));  // bits lo..hi
      const uint64_t hits = bits_of(hi) & span;
      if (hits != 0) return word_start + int64_t(63 - __builtin_clzll(hits));
      to = lo;
    }
    return -1;
  }
  // A search step past marked cycles kept `gap` apart, repeated: while a marked cycle lies
  // within gap - 1 of c, c moves to the latest such cycle + gap. Takes at most `budget` steps,
  // adds those taken to `steps`, and returns where c stops. The marks must be at least `gap`
  // apart, as a command's own minimum spacing keeps them; then each step after the first goes
  // to the next marked cycle, if it lies within 2 gap - 1 of the last, and a word of marks is
  // walked at once (the walk gives what stepping one by one gives: tests/unit/cycle_ring_test.cpp).
  int64_t walk(int64_t c, int64_t gap, int budget, int& steps) const {
    if (gap > kWordWalkMaxGap) {  // step one by one
      for (; budget > 0; --budget, ++steps) {
        const int64_t x = last_in(c - gap + 1, c + gap);
        if (x < 0) break;
        c = x + gap;
      }
      return c;
    }
    if (budget <= 0) return c;
    const int64_t first = last_in(c - gap + 1, c + gap);
    if (first < 0) return c;
    ++steps;
    --budget;
    int64_t m = first;  // the mark the walk stands on: c = m + gap
    const int reach = int(2 * gap - 1);  // a next mark this close continues the walk
    while (budget > 0) {
      const int64_t word_start = base(m);
      const uint64_t here = bits_of(m);
      const uint64_t next = bits_of(word_start + 64);
      // Marks of this word with a mark 1..reach cycles after them (in this word or the next).
      const uint64_t followed = here & shifted_or(here, next, reach);
      const int p = int(m & 63);
      const uint64_t after = p == 63 ? 0 : ~uint64_t{0} << (p + 1);  // marks after m in this word
      // The walk goes on from m while the mark it stands on is followed; it stops on the first
      // mark from m on that is not.
      const uint64_t stoppers = here & ~followed & (after | (uint64_t{1} << p));
      const uint64_t upto = stoppers != 0 ? (~uint64_t{0} >> (63 - __builtin_ctzll(stoppers))) : ~uint64_t{0};
      uint64_t taken = here & after & upto;  // the marks stepped onto within this word
      const int n = __builtin_popcountll(taken);
      if (n >= budget) {  // the budget runs out on the budget-th of them
        for (int k = 1; k < budget; ++k) taken &= taken - 1;
        steps += budget;
        return word_start + __builtin_ctzll(taken) + gap;
      }
      steps += n;
      budget -= n;
      if (stoppers != 0) return word_start + 63 - __builtin_clzll(here & upto) + gap;
      // Every mark from m to the word's end is followed: the next one is the next word's first.
      m = word_start + 64 + __builtin_ctzll(next);  // next holds it: the word's last mark is followed
      ++steps;
      --budget;
    }
    return m + gap;
  }
  // How many marked cycles lie in [from, to).
  int count_in(int64_t from, int64_t to) const {
    int n = 0;
    for (int64_t c = std::max<int64_t>(from, 0); c < to; ++c) n += (bits_of(c) & bit(c)) != 0;
    return n;
  }

 private:
  // Cycles here are never negative (ranges are clipped at 0), so masks replace % and /.
  static size_t word(int64_t c) { return size_t((c & (kWindow - 1)) >> 6); }
  static int64_t base(int64_t c) { return c & ~int64_t{63}; }
  static uint64_t bit(int64_t c) { return uint64_t{1} << (c & 63); }
  // OR over j = 1..reach (reach < 64) of the 128-bit word (hi:lo) >> j, low 64 bits: bit i is
  // set when bit i + j of (hi:lo) is, for some j. By doubling: log2(reach) shifts, not reach.
  static uint64_t shifted_or(uint64_t lo, uint64_t hi, int reach) {
    uint64_t acc_lo = (lo >> 1) | (hi << 63), acc_hi = hi >> 1;  // shifts 1..1
    for (int covered = 1; covered < reach;) {
      const int k = std::min(covered, reach - covered);  // 1 <= k < 64
      acc_lo |= (acc_lo >> k) | (acc_hi << (64 - k));
      acc_hi |= acc_hi >> k;
      covered += k;
    }
    return acc_lo;
  }
  // The bits of the word holding cycle c, if that word holds c's stretch (else none are marked).
  uint64_t bits_of(int64_t c) const { return bases_[word(c)] == base(c) ? words_[word(c)] : 0; }
  std::vector<uint64_t> words_;
  std::vector<int64_t> bases_;  // the first cycle each word stands for
};

}  // namespace aimc
