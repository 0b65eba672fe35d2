// ProgressBar: a one-line "[#####.....]  45%" on stderr for long runs, drawn only on a terminal.
#pragma once

#include <cstdio>
#include <string>
#include <unistd.h>

namespace aimc {

class ProgressBar {
 public:
  ProgressBar() : enabled_(isatty(fileno(stderr)) != 0) {}
  bool enabled() const { return enabled_; }
  void update(double fraction) {
    if (!enabled_) return;
    constexpr int kWidth = 40;
    const int filled = int(fraction * kWidth + 0.5);
    std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(size_t(filled), '#').c_str(),
                 std::string(size_t(kWidth - filled), '.').c_str(), int(fraction * 100 + 0.5));
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fprintf(stderr, "\r%s\r", std::string(48, ' ').c_str());
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace aimc
