// LimitedSource: the first `limit` requests of another source (short versions of scenarios
// for equivalence runs and quick looks). cut() tells whether the source had more.
#pragma once

#include <algorithm>
#include <cstdint>

#include "tb/traffic/request_source.h"

namespace aimc {

class LimitedSource : public RequestSource {
 public:
  LimitedSource(RequestSource& inner, uint64_t limit) : inner_(inner), limit_(limit) {}
  bool next(TraceRequest& out) override {
    if (given_ >= limit_) {
      if (!asked_past_limit_) cut_ = inner_.next(out);  // one look past the limit
      asked_past_limit_ = true;
      return false;
    }
    if (!inner_.next(out)) return false;
    ++given_;
    return true;
  }
  // The source had requests past the limit (known once next() has returned false).
  bool cut() const { return cut_; }
  double progress() const override { return std::max(inner_.progress(), double(given_) / double(limit_)); }

 private:
  RequestSource& inner_;
  uint64_t limit_;
  uint64_t given_ = 0;
  bool asked_past_limit_ = false, cut_ = false;
};

}  // namespace aimc
