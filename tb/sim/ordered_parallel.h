// OrderedParallel: runs work(0..n-1) on `jobs` worker threads, taking indices in order, and
// hands the results back in index order: take(i) waits until result i is done, so a caller can
// print each table row as soon as its runs are in while later runs go on. An exception thrown by
// work(i) is thrown again by take(i). Leaving early (an exception in the caller) stops the
// workers after the runs they are in.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace aimc {

template <typename Result>
class OrderedParallel {
 public:
  OrderedParallel(size_t n, int jobs, std::function<Result(size_t)> work)
      : work_(std::move(work)), results_(n), errors_(n), done_(n, false) {
    const size_t threads = std::max<size_t>(1, std::min<size_t>(n, size_t(jobs < 1 ? 1 : jobs)));
    for (size_t t = 0; t < threads; ++t) workers_.emplace_back([this] { run(); });
  }
  ~OrderedParallel() {
    stop_ = true;
    for (std::thread& w : workers_) w.join();
  }
  OrderedParallel(const OrderedParallel&) = delete;
  OrderedParallel& operator=(const OrderedParallel&) = delete;

  Result take(size_t i) {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&] { return bool(done_[i]); });
    if (errors_[i]) std::rethrow_exception(errors_[i]);
    return std::move(*results_[i]);
  }

 private:
  void run() {
    for (size_t i = next_++; i < results_.size() && !stop_; i = next_++) {
      std::optional<Result> r;
      std::exception_ptr error;
      try {
        r = work_(i);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        results_[i] = std::move(r);
        errors_[i] = error;
        done_[i] = true;
      }
      finished_.notify_all();
    }
  }

  std::function<Result(size_t)> work_;
  std::vector<std::optional<Result>> results_;
  std::vector<std::exception_ptr> errors_;
  std::vector<char> done_;  // char, not bool: written under the mutex, one element per run
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<std::thread> workers_;
};

}  // namespace aimc
