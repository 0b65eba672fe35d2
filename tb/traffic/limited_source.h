// LimitedSource: the first `limit` requests of another source (short versions of scenarios
// for equivalence runs and quick looks).
#pragma once

#include <algorithm>
#include <cstdint>

#include "tb/traffic/request_source.h"

namespace aimc {

class LimitedSource : public RequestSource {
 public:
  LimitedSource(RequestSource& inner, uint64_t limit) : inner_(inner), limit_(limit) {}
  bool next(TraceRequest& out) override {
    if (given_ >= limit_ || !inner_.next(out)) return false;
    ++given_;
    return true;
  }
  double progress() const override { return std::max(inner_.progress(), double(given_) / double(limit_)); }

 private:
  RequestSource& inner_;
  uint64_t limit_;
  uint64_t given_ = 0;
};

}  // namespace aimc
