// LockstepPool: runs task(i) for every i in [0, n) on `threads` threads, the caller's among
// them, and returns when all are done. Thread t takes i = t, t + threads, ... on every call, so
// the work of an index always runs on the same thread. The workers live as long as the pool:
// the RTL backend calls run() once per simulated clock cycle, far too often to start threads.
// An exception thrown by a task is thrown again by run() once every other task of the call has run.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aimc {

class LockstepPool {
 public:
  explicit LockstepPool(int threads) : threads_(threads < 1 ? 1 : size_t(threads)) {
    try {
      for (size_t t = 1; t < threads_; ++t) workers_.emplace_back([this, t] { work(t); });
    } catch (...) {
      stop_workers();  // a thread that could not start: join those that did, then report it
      throw;
    }
  }
  ~LockstepPool() { stop_workers(); }
  LockstepPool(const LockstepPool&) = delete;
  LockstepPool& operator=(const LockstepPool&) = delete;

  size_t threads() const { return threads_; }

  void run(size_t n, const std::function<void(size_t)>& task) {
    if (workers_.empty()) {
      task_ = &task;
      n_ = n;
      const std::exception_ptr error = run_share(0);
      task_ = nullptr;
      if (error) std::rethrow_exception(error);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      n_ = n;
      pending_ = workers_.size();
      error_ = nullptr;
      ++generation_;
    }
    start_.notify_all();
    std::exception_ptr mine = run_share(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    task_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void stop_workers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    start_.notify_all();
    for (std::thread& w : workers_) w.join();
  }

  // Thread t's indices, each run even when an earlier one threw; the first exception is kept.
  std::exception_ptr run_share(size_t t) {
    std::exception_ptr first;
    for (size_t i = t; i < n_; i += threads_) {
      try {
        (*task_)(i);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    return first;
  }

  void work(size_t t) {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      std::exception_ptr error = run_share(t);
      std::lock_guard<std::mutex> lock(mutex_);
      if (error && !error_) error_ = error;
      if (--pending_ == 0) done_.notify_one();
    }
  }

  size_t threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(size_t)>* task_ = nullptr;  // set under mutex_ before a generation starts
  size_t n_ = 0;
  size_t pending_ = 0;  // workers still running the current generation
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace aimc
