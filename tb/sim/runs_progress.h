// RunsProgress: a one-line "[3/12 runs] 1.24 M requests/s  elapsed 0:04  eta 0:12" on stderr while
// many runs go on in worker threads, drawn only on a terminal and wiped when done, so the
// command's output is the same on a terminal and in a pipe. Lines the command prints go through
// print(), which wipes the progress line first and draws it again after.
#pragma once

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "tb/sim/stats_report.h"

namespace aimc {

class RunsProgress {
 public:
  explicit RunsProgress(size_t runs) : runs_(runs), enabled_(isatty(fileno(stderr)) != 0) {}
  ~RunsProgress() { done(); }
  RunsProgress(const RunsProgress&) = delete;
  RunsProgress& operator=(const RunsProgress&) = delete;

  // A run finished (any thread) after simulating `requests`.
  void finished_one(uint64_t requests) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++finished_;
    requests_ += requests;
    draw();
  }
  template <typename Print>
  void print(Print&& print_lines) {
    std::lock_guard<std::mutex> lock(mutex_);
    wipe();
    print_lines();
    std::fflush(stdout);
    draw();
  }
  void done() {
    std::lock_guard<std::mutex> lock(mutex_);
    wipe();
    enabled_ = false;
  }

 private:
  void draw() {
    if (!enabled_ || finished_ == 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = elapsed / double(finished_) * double(runs_ - finished_);
    const std::string line = fmt::format("[{}/{} runs] {}  elapsed {:.0f} s  eta {:.0f} s", finished_, runs_,
                                         format_rate(double(requests_) / elapsed), elapsed, eta);
    std::fprintf(stderr, "\r%s", line.c_str());
    std::fflush(stderr);
    drawn_ = line.size();
  }
  void wipe() {
    if (drawn_ == 0) return;
    std::fprintf(stderr, "\r%s\r", std::string(drawn_, ' ').c_str());
    std::fflush(stderr);
    drawn_ = 0;
  }

  size_t runs_, finished_ = 0, drawn_ = 0;
  uint64_t requests_ = 0;
  bool enabled_;
  std::mutex mutex_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace aimc
