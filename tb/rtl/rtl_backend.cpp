#include "tb/rtl/rtl_backend.h"

#ifdef AIMC_HAVE_RTL
#include <memory>

#include "tb/rtl/rtl_controller.h"
#endif

namespace aimc {

#ifdef AIMC_HAVE_RTL
BackendFactory rtl_backend(const std::string& origin, int threads, const RtlWaveRequest* internals, bool idle_skip) {
  return [origin, threads, internals, idle_skip](const MemSpec& m, const ControllerConfig& cfg, ControllerListener& l) {
    auto controller = std::make_unique<RtlController>(m, cfg, l, origin, threads);
    controller->set_idle_skip(idle_skip);
    if (internals != nullptr && internals->out != nullptr) controller->dump_internals(*internals);
    return controller;
  };
}
#else
BackendFactory rtl_backend(const std::string& /*origin*/, int /*threads*/, const RtlWaveRequest* /*internals*/,
                           bool /*idle_skip*/) {
  throw RtlNotBuilt();
}
#endif

}  // namespace aimc
