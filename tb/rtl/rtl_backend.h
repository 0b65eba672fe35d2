// rtl_backend: the Verilated RTL (RtlController) as a backend factory, the one way the CLI and
// the backend comparison reach the RTL. A build configured with -DAIMC_BUILD_RTL=OFF has no
// RTL: there rtl_backend() throws RtlNotBuilt, which the CLI reports as bad input (exit 2).
#pragma once

#include <stdexcept>
#include <string>

#include "models/core/controller_backend.h"

namespace aimc {

class RtlNotBuilt : public std::runtime_error {
 public:
  RtlNotBuilt()
      : std::runtime_error("the rtl backend is not built in this binary (configured with -DAIMC_BUILD_RTL=OFF)") {}
};

// Makes RtlControllers; `origin` and `threads` as RtlController's.
BackendFactory rtl_backend(const std::string& origin, int threads = 1);

}  // namespace aimc
