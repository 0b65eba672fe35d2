// CycleRing, the loosely-timed model's calendar: its word-at-a-time walk past a run of booked
// commands must land where stepping past them one by one lands, with the same step count,
// whatever the marks, the gap, the budget and where the words wrap round the ring.
#include "models/tlm/cycle_ring.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <set>

namespace aimc {
namespace {

// The search step of LtTimingModel, one at a time: the reference the walk must equal.
int64_t step_by_step(const CycleRing& ring, int64_t c, int64_t gap, int budget, int& steps) {
  for (; budget > 0; --budget, ++steps) {
    const int64_t x = ring.last_in(c - gap + 1, c + gap);
    if (x < 0) break;
    c = x + gap;
  }
  return c;
}

// Marks from `start` on, at least `gap` apart: mostly dense runs (gap or a little more, as a
// busy calendar has) broken by wider holes.
std::set<int64_t> marks_for(std::mt19937_64& rng, int64_t start, int64_t gap, int count) {
  std::set<int64_t> marks;
  int64_t c = start;
  for (int i = 0; i < count; ++i) {
    const int roll = int(rng() % 100);
    const int64_t extra = roll < 70 ? int64_t(rng() % 2) : roll < 90 ? int64_t(rng() % (2 * gap + 2)) : int64_t(rng() % 200);
    c += gap + extra;
    marks.insert(c);
  }
  return marks;
}

TEST(CycleRing, WalkLandsWhereSteppingOneByOneLands) {
  std::mt19937_64 rng(7);
  const int budgets[] = {0, 1, 2, 5, 48, std::numeric_limits<int>::max()};
  for (int64_t gap : {1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 40}) {
    // Starts near 0 and across a wrap of the ring (older words are overwritten there).
    for (int64_t start : {int64_t{0}, 3 * CycleRing::kWindow - 700}) {
      SCOPED_TRACE(testing::Message() << "gap " << gap << ", marks from " << start);
      for (int trial = 0; trial < 40; ++trial) {
        CycleRing ring;
        if (start > 0) ring.mark(start - CycleRing::kWindow + 5);  // a stale word the walk must not see
        const std::set<int64_t> marks = marks_for(rng, start, gap, 300);
        for (int64_t m : marks) ring.mark(m);
        const int64_t last = *marks.rbegin();
        for (int probe = 0; probe < 60; ++probe) {
          const int64_t c = start + int64_t(rng() % uint64_t(last - start + 3 * gap));
          for (int budget : budgets) {
            int steps_ref = 3, steps = 3;  // the walk adds to what is there
            const int64_t want = step_by_step(ring, c, gap, budget, steps_ref);
            const int64_t got = ring.walk(c, gap, budget, steps);
            ASSERT_EQ(got, want) << "from " << c << ", budget " << budget;
            ASSERT_EQ(steps, steps_ref) << "from " << c << ", budget " << budget;
          }
        }
      }
    }
  }
}

TEST(CycleRing, LastMarkedCycleOfARange) {
  std::mt19937_64 rng(11);
  CycleRing ring;
  std::set<int64_t> marks;
  for (int i = 0; i < 500; ++i) {
    const int64_t m = int64_t(rng() % 5000);
    ring.mark(m);
    marks.insert(m);
  }
  for (int probe = 0; probe < 5000; ++probe) {
    const int64_t from = int64_t(rng() % 5100) - 50, to = from + int64_t(rng() % 300);
    const auto after = marks.lower_bound(to);
    const int64_t want_last = after != marks.begin() && *std::prev(after) >= from ? *std::prev(after) : -1;
    ASSERT_EQ(ring.last_in(from, to), want_last) << "[" << from << ", " << to << ")";
  }
}

}  // namespace
}  // namespace aimc
