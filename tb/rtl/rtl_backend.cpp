#include "tb/rtl/rtl_backend.h"

#ifdef AIMC_HAVE_RTL
#include <memory>

#include "tb/rtl/rtl_controller.h"
#endif

namespace aimc {

#ifdef AIMC_HAVE_RTL
BackendFactory rtl_backend(const std::string& origin, int threads) {
  return [origin, threads](const MemSpec& m, const ControllerConfig& cfg, ControllerListener& l) {
    return std::make_unique<RtlController>(m, cfg, l, origin, threads);
  };
}
#else
BackendFactory rtl_backend(const std::string& /*origin*/, int /*threads*/) { throw RtlNotBuilt(); }
#endif

}  // namespace aimc
