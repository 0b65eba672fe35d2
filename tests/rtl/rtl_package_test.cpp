// The checked-in RTL package is exactly what the generator makes from the memspec: the RTL and
// the C++ model cannot drift apart in structure or rule order.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/params/config_error.h"
#include "models/params/memspec.h"
#include "tb/rtl/rtl_controller.h"
#include "tb/sim/rtl_package.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

TEST(RtlPackage, CheckedInPackageEqualsTheGeneratorOutput) {
  const std::string root = AIMC_SOURCE_DIR;
  std::ifstream in(root + "/rtl/aimc_pkg.sv");
  ASSERT_TRUE(in) << "rtl/aimc_pkg.sv missing";
  std::stringstream checked_in;
  checked_in << in.rdbuf();
  const MemSpec spec = load_memspec(root + "/scenarios/memspec/hbm3e_9600_16h.yaml");
  EXPECT_EQ(checked_in.str(), rtl_package_text(spec))
      << "regenerate: build/aimc gen-rtl-package --memspec scenarios/memspec/hbm3e_9600_16h.yaml --out rtl/aimc_pkg.sv";
}

// The package is made from the tallest preset, so that every preset's banks and rows fit it.
TEST(RtlPackage, EveryPresetFitsTheTimerAndFieldWidths) {
  for (const std::string& f : test::memspec_presets()) {
    const MemSpec m = load_memspec(f);
    EXPECT_NO_THROW(rtl_package_text(m)) << f;
    const RtlWidths w = rtl_widths(m.org);
    EXPECT_LE(w.row, kRtlBuiltWidths.row) << f;
    EXPECT_LE(w.column, kRtlBuiltWidths.column) << f;
    EXPECT_EQ(m.org.banks_per_group, kRtlBanksPerGroup) << f;
    EXPECT_LE(m.org.banks_per_pc(), kRtlBanksPerPc) << f;
  }
}

// A timing the RTL's timers cannot count is refused naming the rule, as a memspec error.
TEST(RtlPackage, ATimingPastTheTimersIsRefusedNamingIt) {
  MemSpec m = load_memspec(std::string(AIMC_SOURCE_DIR) + "/scenarios/memspec/hbm3e_9600_8h.yaml");
  m.t.nRAS = 240003;
  try {
    rtl_package_text(m);
    FAIL() << "a tRAS of 240003 cycles was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "timing");
    EXPECT_NE(e.reason().find("tRAS (240003 cycles) does not fit the RTL's 12-bit timers (at most 4095)"),
              std::string::npos)
        << e.what();
  }
}

// The widths RtlController drives the Verilated ports with are those of the checked-in package.
TEST(RtlPackage, BuiltWidthsAreTheCheckedInPackages) {
  const MemSpec spec = load_memspec(std::string(AIMC_SOURCE_DIR) + "/scenarios/memspec/hbm3e_9600_16h.yaml");
  EXPECT_TRUE(rtl_widths(spec.org) == kRtlBuiltWidths);
  EXPECT_EQ(spec.org.pseudo_channels, kRtlPseudoChannels);
  EXPECT_EQ(spec.org.banks_per_pc(), kRtlBanksPerPc);
}

}  // namespace
}  // namespace aimc
