// CompletionProfile: how a group's bytes (a decode step's) arrived over time, in bounded memory
// at any length: at most kMaxBins bins of one width, which doubles (neighbours merge) when the
// span outgrows them. It answers "when had this share of the bytes arrived", which is what
// extrapolating a sampled step needs (tb/sim/step_extrapolation.h).
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/command.h"

namespace aimc {

class CompletionProfile {
 public:
  static constexpr size_t kMaxBins = 512;

  // `bytes` finished at `at` cycles after the profile's origin.
  void add(Cycle at, uint64_t bytes);
  uint64_t total() const { return total_; }
  // Cycles after the origin by which `share` (0..1) of the bytes had arrived, linear inside a
  // bin. 0 for an empty profile.
  double time_of_share(double share) const;

 private:
  Cycle width_ = 1;
  std::vector<uint64_t> bins_;
  uint64_t total_ = 0;
};

}  // namespace aimc
