#include "tb/sim/completion_profile.h"

namespace aimc {

void CompletionProfile::add(Cycle at, uint64_t bytes) {
  size_t bin = size_t(at / width_);
  while (bin >= kMaxBins) {
    // Twice as wide: bins 2i and 2i+1 become bin i.
    for (size_t i = 0; i < bins_.size(); ++i) {
      const uint64_t b = bins_[i];
      bins_[i] = 0;
      bins_[i / 2] += b;
    }
    bins_.resize((bins_.size() + 1) / 2);
    width_ *= 2;
    bin = size_t(at / width_);
  }
  if (bin >= bins_.size()) bins_.resize(bin + 1, 0);
  bins_[bin] += bytes;
  total_ += bytes;
}

double CompletionProfile::time_of_share(double share) const {
  if (total_ == 0) return 0;
  const double target = share * double(total_);
  double before = 0;
  for (size_t i = 0; i < bins_.size(); ++i) {
    const double in_bin = double(bins_[i]);
    if (in_bin > 0 && before + in_bin >= target) {
      return (double(i) + (target - before) / in_bin) * double(width_);
    }
    before += in_bin;
  }
  return double(bins_.size()) * double(width_);
}

}  // namespace aimc
