// ProgressSource: passes another source's requests through and reports its progress (0..1) to a
// callback at most every 250 ms, for players that pull requests but have no loop of their own to
// report from (the TLM initiator).
#pragma once

#include <chrono>
#include <functional>

#include "tb/traffic/request_source.h"

namespace aimc {

class ProgressSource : public RequestSource {
 public:
  ProgressSource(RequestSource& inner, std::function<void(double)> report) : inner_(inner), report_(std::move(report)) {}
  bool next(TraceRequest& out) override {
    if ((++pulled_ & 0xFF) == 0) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_ > std::chrono::milliseconds(250)) {
        last_ = now;
        report_(inner_.progress());
      }
    }
    return inner_.next(out);
  }
  double progress() const override { return inner_.progress(); }

 private:
  RequestSource& inner_;
  std::function<void(double)> report_;
  uint64_t pulled_ = 0;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace aimc
