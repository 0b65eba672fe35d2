// OrderedParallel (compare-policies --jobs): results come back in index order whatever order
// the workers finish in, and a failed run's exception reaches the caller at that index.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "tb/sim/ordered_parallel.h"

namespace aimc {
namespace {

TEST(OrderedParallel, ResultsComeBackInIndexOrderWhateverFinishesFirst) {
  // Earlier indices take longer, so with several workers later ones finish first.
  OrderedParallel<std::string> runs(8, 4, [](size_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * (8 - i)));
    return "run" + std::to_string(i);
  });
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(runs.take(i), "run" + std::to_string(i));
}

TEST(OrderedParallel, AFailedRunThrowsAtItsIndexAndTheOthersStillArrive) {
  OrderedParallel<int> runs(5, 2, [](size_t i) {
    if (i == 2) throw std::runtime_error("run 2 stopped making progress");
    return int(i) * 10;
  });
  EXPECT_EQ(runs.take(0), 0);
  EXPECT_EQ(runs.take(1), 10);
  EXPECT_THROW(runs.take(2), std::runtime_error);
  EXPECT_EQ(runs.take(3), 30);
  EXPECT_EQ(runs.take(4), 40);
}

TEST(OrderedParallel, LeavingEarlyStopsWithoutRunningEverything) {
  std::atomic<int> started{0};
  {
    OrderedParallel<int> runs(1000, 2, [&started](size_t i) {
      ++started;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return int(i);
    });
    EXPECT_EQ(runs.take(0), 0);
  }  // destroyed with most runs not taken
  EXPECT_LT(started.load(), 1000);
}

TEST(OrderedParallel, MoreJobsThanRunsAndZeroJobsStillWork) {
  OrderedParallel<int> many(2, 16, [](size_t i) { return int(i) + 1; });
  EXPECT_EQ(many.take(0), 1);
  EXPECT_EQ(many.take(1), 2);
  OrderedParallel<int> none(3, 0, [](size_t i) { return int(i); });
  EXPECT_EQ(none.take(2), 2);
}

}  // namespace
}  // namespace aimc
