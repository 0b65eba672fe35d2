// The checked-in RTL package is exactly what the generator makes from the memspec: the RTL and
// the C++ model cannot drift apart in structure or rule order.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/params/memspec.h"
#include "tb/rtl/rtl_controller.h"
#include "tb/sim/rtl_package.h"

namespace aimc {
namespace {

TEST(RtlPackage, CheckedInPackageEqualsTheGeneratorOutput) {
  const std::string root = AIMC_SOURCE_DIR;
  std::ifstream in(root + "/rtl/aimc_pkg.sv");
  ASSERT_TRUE(in) << "rtl/aimc_pkg.sv missing";
  std::stringstream checked_in;
  checked_in << in.rdbuf();
  const MemSpec spec = load_memspec(root + "/scenarios/memspec/hbm3e_9600_8h.yaml");
  EXPECT_EQ(checked_in.str(), rtl_package_text(spec))
      << "regenerate: build/aimc gen-rtl-package --memspec scenarios/memspec/hbm3e_9600_8h.yaml --out rtl/aimc_pkg.sv";
}

TEST(RtlPackage, EveryPresetFitsTheTimerWidth) {
  const std::string root = AIMC_SOURCE_DIR;
  for (const char* f : {"hbm3e_9600_8h.yaml", "hbm3_6400_8h.yaml"}) {
    EXPECT_NO_THROW(rtl_package_text(load_memspec(root + "/scenarios/memspec/" + f))) << f;
  }
}

// The widths RtlController drives the Verilated ports with are those of the checked-in package.
TEST(RtlPackage, BuiltWidthsAreTheCheckedInPackages) {
  const MemSpec spec = load_memspec(std::string(AIMC_SOURCE_DIR) + "/scenarios/memspec/hbm3e_9600_8h.yaml");
  EXPECT_TRUE(rtl_widths(spec.org) == kRtlBuiltWidths);
  EXPECT_EQ(spec.org.pseudo_channels, kRtlPseudoChannels);
  EXPECT_EQ(spec.org.banks_per_pc(), kRtlBanksPerPc);
}

}  // namespace
}  // namespace aimc
