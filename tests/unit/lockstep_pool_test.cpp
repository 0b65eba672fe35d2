// LockstepPool (the RTL backend's channel threads): every index runs once per call, always on
// the same thread, calls do not overlap, and a task's exception reaches the caller.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tb/rtl/lockstep_pool.h"

namespace aimc {
namespace {

TEST(LockstepPool, EveryIndexRunsOncePerCallOnTheSameThreadEachTime) {
  LockstepPool pool(3);
  EXPECT_EQ(pool.threads(), 3u);
  const size_t n = 16;
  std::vector<int> runs(n, 0);
  std::vector<std::thread::id> first(n);
  std::vector<char> moved(n, 0);  // per index: ran on another thread than in the first call
  for (int call = 0; call < 200; ++call) {
    pool.run(n, [&](size_t i) {
      ++runs[i];  // one thread per index: no race
      if (call == 0) first[i] = std::this_thread::get_id();
      if (first[i] != std::this_thread::get_id()) moved[i] = 1;
    });
    // run() returned: every index of this call is done (nothing of the next call has started).
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(runs[i], call + 1) << "index " << i << " call " << call;
  }
  EXPECT_EQ(std::count(moved.begin(), moved.end(), 1), 0);
  std::vector<std::thread::id> threads(first);
  std::sort(threads.begin(), threads.end());
  EXPECT_EQ(std::unique(threads.begin(), threads.end()) - threads.begin(), 3);
}

TEST(LockstepPool, ATaskExceptionReachesTheCallerAfterTheOthersFinish) {
  LockstepPool pool(2);
  std::atomic<int> done{0};
  EXPECT_THROW(pool.run(6,
                        [&](size_t i) {
                          if (i == 3) throw std::runtime_error("channel 3");
                          ++done;
                        }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 5);
  // The pool goes on working after a failed call.
  done = 0;
  pool.run(6, [&](size_t) { ++done; });
  EXPECT_EQ(done.load(), 6);
}

TEST(LockstepPool, OneThreadRunsOnTheCaller) {
  LockstepPool pool(0);
  EXPECT_EQ(pool.threads(), 1u);
  std::vector<std::thread::id> ids;
  pool.run(4, [&](size_t) { ids.push_back(std::this_thread::get_id()); });
  ASSERT_EQ(ids.size(), 4u);
  for (const std::thread::id& id : ids) EXPECT_EQ(id, std::this_thread::get_id());
}

}  // namespace
}  // namespace aimc
