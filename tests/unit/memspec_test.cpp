// The memspec presets load, agree with each other, and bad files fail with file:line:field.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/params/config_error.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

using test::hbm3;
using test::hbm3e;
using test::source_path;
using test::write_temp;

TEST(MemSpec, Hbm3ePresetHasJedecOrganizationAndPeak) {
  const MemSpec m = hbm3e();
  EXPECT_EQ(m.org.channels, 16);
  EXPECT_EQ(m.org.pseudo_channels, 2);
  EXPECT_EQ(m.org.banks_per_pc(), 16);
  EXPECT_EQ(m.org.row_bytes(), 1024);
  EXPECT_EQ(m.org.capacity_bytes(), uint64_t{24} << 30);  // 24 GiB, 8-high
  EXPECT_NEAR(m.peak_gbps(), 1228.8, 0.01);
  EXPECT_NEAR(m.data_rate_gbps(), 9.6, 0.001);
}

TEST(MemSpec, Hbm3PresetPeakIs819GBps) {
  const MemSpec m = hbm3();
  EXPECT_NEAR(m.peak_gbps(), 819.2, 0.01);
  EXPECT_EQ(m.org.capacity_bytes(), uint64_t{16} << 30);
}

// The HBM3E preset is the HBM3 preset's nanoseconds at the faster clock: ceil(ns / tCK).
// nCCD_S (= nBL) and nPPD are clock counts and stay; nRTW is derived from the scaled values.
TEST(MemSpec, Hbm3eTimingsAreHbm3NanosecondsScaledToTheFasterClock) {
  const MemSpec a = hbm3(), b = hbm3e();
  auto scaled = [&](int cycles) { return int(std::ceil(cycles * a.tCK_ps / b.tCK_ps - 1e-3)); };
  const Timing& x = a.t;
  const Timing& y = b.t;
  EXPECT_EQ(y.nCL, scaled(x.nCL));
  EXPECT_EQ(y.nCWL, scaled(x.nCWL));
  EXPECT_EQ(y.nRCDRD, scaled(x.nRCDRD));
  EXPECT_EQ(y.nRCDWR, scaled(x.nRCDWR));
  EXPECT_EQ(y.nRP, scaled(x.nRP));
  EXPECT_EQ(y.nRAS, scaled(x.nRAS));
  EXPECT_EQ(y.nRC, scaled(x.nRC));
  EXPECT_EQ(y.nWR, scaled(x.nWR));
  EXPECT_EQ(y.nRTP, scaled(x.nRTP));
  EXPECT_EQ(y.nCCD_L, scaled(x.nCCD_L));
  EXPECT_EQ(y.nRRD_S, scaled(x.nRRD_S));
  EXPECT_EQ(y.nRRD_L, scaled(x.nRRD_L));
  EXPECT_EQ(y.nFAW, scaled(x.nFAW));
  EXPECT_EQ(y.nWTR_S, scaled(x.nWTR_S));
  EXPECT_EQ(y.nWTR_L, scaled(x.nWTR_L));
  EXPECT_EQ(y.nRFCab, scaled(x.nRFCab));
  EXPECT_EQ(y.nRFCpb, scaled(x.nRFCpb));
  EXPECT_EQ(y.nRREFD, scaled(x.nRREFD));
  EXPECT_EQ(y.nREFI, scaled(x.nREFI));
  EXPECT_EQ(y.nREFIpb, scaled(x.nREFIpb));
  EXPECT_EQ(y.nCCD_S, y.nBL);
  EXPECT_EQ(y.nPPD, x.nPPD);
  for (const MemSpec* m : {&a, &b}) EXPECT_EQ(m->t.nRTW, m->t.nCL + m->t.nBL + 2 - m->t.nCWL);
}

// Returns the preset's text with `from` replaced by `to` (first occurrence).
std::string edited_preset(const std::string& from, const std::string& to) {
  std::ifstream in(source_path("scenarios/memspec/hbm3e_9600_8h.yaml"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

void expect_error(const std::string& text, int line, const std::string& field, const std::string& what) {
  const std::string path = write_temp("memspec_under_test.yaml", text);
  try {
    load_memspec(path);
    FAIL() << "accepted a bad memspec (" << field << ")";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.field(), field);
    if (line > 0) {
      EXPECT_EQ(e.line(), line);
    }
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

int line_of(const std::string& text, const std::string& needle) {
  const auto pos = text.find(needle);
  return int(std::count(text.begin(), text.begin() + long(pos), '\n')) + 1;
}

TEST(MemSpec, MissingFieldNamesFileAndField) {
  const std::string text = edited_preset("  nRTP: 9 ", "  # nRTP removed ");
  expect_error(text, 0, "timing.nRTP", "required field is missing");
}

TEST(MemSpec, NonIntegerValueNamesLineAndField) {
  const std::string text = edited_preset("nRCDRD: 39", "nRCDRD: fast");
  expect_error(text, line_of(text, "nRCDRD: fast"), "timing.nRCDRD", "expected an integer");
}

TEST(MemSpec, UnknownFieldIsAnError) {
  const std::string text = edited_preset("  nRTP: 9 ", "  nRTP: 9\n  nXYZ: 3 ");
  expect_error(text, line_of(text, "nXYZ"), "timing.nXYZ", "unknown field");
}

TEST(MemSpec, MisspelledFieldIsReportedAsMissingWithTheLikelyTypo) {
  const std::string text = edited_preset("  nRTP: 9 ", "  nRTPP: 9 ");
  expect_error(text, 0, "timing.nRTP", "did you mean this one? 'nRTPP'");
}

TEST(MemSpec, InconsistentRowCycleIsRejected) {
  const std::string text = edited_preset("nRC: 111", "nRC: 100");
  expect_error(text, line_of(text, "nRC: 100"), "timing.nRC", "at least nRAS + nRP");
}

// Timings under which no access could ever be served (the controller would wait for ever) are
// input errors, not runs that end in a stuck-controller report.
TEST(MemSpec, RefreshMustLeaveRoomForWork) {
  std::string text = edited_preset("nRFCab: 840", "nRFCab: 9300");
  expect_error(text, line_of(text, "nREFI: 9360"), "timing.nREFI", "at least nRFCab + nRC");
  text = edited_preset("nRFCpb: 480", "nRFCpb: 4688");
  expect_error(text, line_of(text, "nRFCpb: 4688"), "timing.nRFCpb", "banks x nREFIpb - nRC");
  text = edited_preset("nRREFD: 20", "nRREFD: 292");
  expect_error(text, line_of(text, "nREFIpb: 293"), "timing.nREFIpb", "nRREFD + nRRD_L");
  text = edited_preset("nRCDRD: 39", "nRCDRD: 1000");
  expect_error(text, line_of(text, "nRCDRD: 1000"), "timing.nRCDRD", "at most nRAS");
}

TEST(MemSpec, OutOfRangeOrganizationIsRejected) {
  const std::string text = edited_preset("channels: 16", "channels: 0");
  expect_error(text, line_of(text, "channels: 0"), "organization.channels", "out of range");
}

TEST(MemSpec, YamlSyntaxErrorNamesLine) {
  expect_error("name: x\ntiming: [unclosed\n", 0, "", "YAML syntax error");
}

TEST(MemSpec, MissingFileIsAConfigError) {
  EXPECT_THROW(load_memspec("/nonexistent/memspec.yaml"), ConfigError);
}

}  // namespace
}  // namespace aimc
