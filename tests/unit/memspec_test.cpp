// The memspec presets load, agree with each other, and bad files fail with file:line:field.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/params/config_error.h"
#include "models/params/yaml_override.h"
#include "tb/sim/memspec_report.h"
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
  EXPECT_EQ(m.org.stack_ids, 2);
  EXPECT_EQ(m.org.banks_per_pc(), 32);  // 2 SIDs x 4 bank groups x 4 banks
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

// The presets moved from clock counts to nanoseconds; every cycle count they give is unchanged.
TEST(MemSpec, PresetsKeepTheirCycleCounts) {
  auto cycles = [](const MemSpec& m) {
    std::vector<int> v;
    for (const TimingField& f : kTimingFields) v.push_back(m.t.*f.cycles);
    v.push_back(m.t.max_postponed_refreshes);
    return v;
  };
  // BL CL CWL RCDRD RCDWR RP RAS RC WR RTP CCD_S CCD_L RRD_S RRD_L FAW WTR_S WTR_L RTW PPD RFCab
  // RFCpb RREFD REFI REFIpb ACT_CMD XP CKE max_postponed_refreshes (XP and CKE came with power-down)
  EXPECT_EQ(cycles(hbm3()), (std::vector<int>{2, 26, 8, 26, 14, 26, 48, 74, 24, 6, 2, 4, 8, 8, 24, 8, 12, 22, 2, 560,
                                               320, 13, 6240, 195, 2, 5, 13, 8}));
  // Except nREFIpb at 9.6 Gb/s, 293 before: refresh intervals round down since every physical bank
  // has its own turn (32 x 293 cycles overran tREFI's 9360).
  EXPECT_EQ(cycles(hbm3e()), (std::vector<int>{2, 39, 12, 39, 21, 39, 72, 111, 36, 9, 2, 6, 12, 12, 36, 12, 18, 31, 2,
                                                840, 480, 20, 9360, 292, 2, 8, 20, 8}));
  EXPECT_DOUBLE_EQ(hbm3().tCK_ps, 625.0);
  EXPECT_NEAR(hbm3e().tCK_ps, 4000.0 / 9.6, 1e-9);
}

std::vector<YamlOverride> data_rate(double gbps) { return {parse_override("data_rate_gbps=" + std::to_string(gbps))}; }

// Every HBM3E preset is the HBM3 preset's nanoseconds at its own clock (no HBM3E timing table is
// public), with a per-bank refresh interval for its stack height; and setting a preset's data
// rate gives the preset of that rate, field for field.
TEST(MemSpec, ADataRateSetGivesThePresetOfThatRate) {
  const std::string dir = source_path("scenarios/memspec/");
  for (const char* height : {"8h", "12h"}) {
    for (const char* rate : {"8000", "9200", "9600", "9800"}) {
      SCOPED_TRACE(std::string(rate) + "_" + height);
      const MemSpec preset = load_memspec(dir + "hbm3e_" + rate + "_" + height + ".yaml");
      const MemSpec from_96 =
          load_memspec(dir + "hbm3e_9600_" + height + ".yaml", data_rate(std::stod(rate) / 1000.0));
      const MemSpec from_hbm3 = load_memspec(dir + "hbm3_6400_8h.yaml", data_rate(std::stod(rate) / 1000.0));
      EXPECT_DOUBLE_EQ(from_96.tCK_ps, preset.tCK_ps);
      EXPECT_NEAR(preset.data_rate_gbps(), std::stod(rate) / 1000.0, 1e-9);
      for (const TimingField& f : kTimingFields) {
        EXPECT_EQ(from_96.t.*f.cycles, preset.t.*f.cycles) << f.name;
        if (std::string(f.name) != "REFIpb") {
          EXPECT_EQ(from_hbm3.t.*f.cycles, preset.t.*f.cycles) << f.name;
        }
      }
      EXPECT_EQ(from_96.org.capacity_bytes(), preset.org.capacity_bytes());
    }
  }
}

// Stack heights: 8-high 24 GiB, 12-high 36 GiB, 16-high 48 GiB, with the per-bank refresh
// interval tREFI / physical banks per pseudo-channel (16 per four dies).
// A SID per 4 dies, each with its own 16 banks; per-bank refresh gives every physical bank its
// turn within tREFI (the interval rounds down).
TEST(MemSpec, StackHeightsSetSidsCapacityAndPerBankRefresh) {
  const std::string dir = source_path("scenarios/memspec/");
  for (const auto& [file, height, sids, gib, refi_pb_ns] :
       {std::tuple{"hbm3e_9600_8h.yaml", 8, 2, 24, 121.875}, {"hbm3e_9600_12h.yaml", 12, 3, 36, 81.25},
        {"hbm3e_9600_16h.yaml", 16, 4, 48, 60.9375}}) {
    const MemSpec m = load_memspec(dir + file);
    EXPECT_EQ(m.org.stack_height, height) << file;
    EXPECT_EQ(m.org.stack_ids, sids) << file;
    EXPECT_EQ(m.org.banks_per_pc(), 16 * sids) << file;
    EXPECT_EQ(m.org.capacity_bytes(), uint64_t(gib) << 30) << file;
    EXPECT_EQ(m.t.nREFIpb, int(std::floor(refi_pb_ns * 1000.0 / m.tCK_ps + 1e-6))) << file;
    EXPECT_LE(int64_t(m.t.nREFIpb) * m.org.banks_per_pc(), m.t.nREFI) << file;
  }
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
  const std::string text = edited_preset("  tRTP: 3.75 ", "  # tRTP removed ");
  expect_error(text, 0, "timing.tRTP", "required field is missing");
}


// A bad field is reported on its own line, under its dotted name.
TEST(MemSpec, BadFieldsNameTheirLineAndField) {
  struct Bad {
    std::string from, to, line_of, field, says;
  };
  for (const Bad& b : std::vector<Bad>{
           {"tRCDRD: 16.25", "tRCDRD: fast", "tRCDRD: fast", "timing.tRCDRD", "expected a number"},
           {"  tRTP: 3.75 ", "  tRTP: 3.75\n  nXYZ: 3 ", "nXYZ", "timing.nXYZ", "unknown field"},
           // the clock comes from the data rate
           {"data_rate_gbps: 9.6", "tCK_ps: 416.667", "tCK_ps", "tCK_ps", "give data_rate_gbps instead"},
           {"  tRTP: 3.75 ", "  tRTP: 3.75\n  nRTP: 9 ", "nRTP: 9", "timing.nRTP",
            "in ns (tRTP) or in clocks (nRTP), not both"},
           {"tCCD_L: {ns: 2.5, min_ck: 4}", "tCCD_L: {ns: 2.5, min_clk: 4}", "tCCD_L", "timing.tCCD_L.min_clk",
            "unknown field"},
       }) {
    const std::string text = edited_preset(b.from, b.to);
    expect_error(text, line_of(text, b.line_of), b.field, b.says);
  }
}

TEST(MemSpec, MisspelledFieldIsReportedAsMissingWithTheLikelyTypo) {
  const std::string text = edited_preset("  tRTP: 3.75 ", "  tRTPP: 3.75 ");
  expect_error(text, 0, "timing.tRTP", "did you mean this one? 'tRTPP'");
}

TEST(MemSpec, InconsistentRowCycleIsRejected) {
  const std::string text = edited_preset("tRC: 46.25", "tRC: 40");
  expect_error(text, line_of(text, "tRC: 40"), "timing.tRC", "at least nRAS + nRP (nRC = 96 cycles");
}

// Timings under which no access could ever be served (the controller would wait for ever) are
// input errors, not runs that end in a stuck-controller report.
TEST(MemSpec, RefreshMustLeaveRoomForWork) {
  std::string text = edited_preset("tRFCab: 350", "tRFCab: 3875");
  expect_error(text, line_of(text, "tREFI: 3900"), "timing.tREFI", "at least nRFCab + nRC");
  text = edited_preset("tRFCpb: 200", "tRFCpb: 3870");  // > 32 banks x 292 - 111 cycles
  expect_error(text, line_of(text, "tRFCpb: 3870"), "timing.tRFCpb", "banks x nREFIpb - nRC");
  text = edited_preset("tRREFD: {ns: 8.0, min_ck: 3}", "tRREFD: 121.5");
  expect_error(text, line_of(text, "tREFIpb: 121.875"), "timing.tREFIpb", "nRREFD + nRRD_L");
  text = edited_preset("tRCDRD: 16.25", "nRCDRD: 1000");
  expect_error(text, line_of(text, "nRCDRD: 1000"), "timing.nRCDRD", "at most nRAS");
}

TEST(MemSpec, OutOfRangeOrganizationIsRejected) {
  std::string text = edited_preset("channels: 16", "channels: 0");
  expect_error(text, line_of(text, "channels: 0"), "organization.channels", "out of range");
  text = edited_preset("stack_ids: 2", "stack_ids: 5");  // 80 banks
  expect_error(text, line_of(text, "stack_ids: 5"), "organization.stack_ids", "at most 64 are modelled");
  text = edited_preset("stack_height: 8", "stack_height: 1");
  expect_error(text, line_of(text, "stack_ids: 2"), "organization.stack_ids", "at most stack_height");
}

TEST(MemSpec, YamlSyntaxErrorNamesLine) {
  expect_error("name: x\ntiming: [unclosed\n", 0, "", "YAML syntax error");
}

TEST(MemSpec, MissingFileIsAConfigError) {
  EXPECT_THROW(load_memspec("/nonexistent/memspec.yaml"), ConfigError);
}

// ns convert as max(min_ck, ceil(ns / tCK)); a clock count stays whatever the clock.
TEST(MemSpec, NanosecondsRoundUpToWholeCyclesAndTheClockMinimum) {
  const std::string path = write_temp("memspec_rates.yaml", edited_preset("  tRTP: 3.75 ", "  nRTP: 9 "));
  for (const auto& [gbps, ccd_l, cl] : {std::tuple{6.4, 4, 26}, {9.6, 6, 39}, {3.2, 4, 13}, {8.0, 5, 33}}) {
    const MemSpec m = load_memspec(path, data_rate(gbps));
    EXPECT_EQ(m.t.nCCD_L, ccd_l) << gbps;  // {ns: 2.5, min_ck: 4}
    EXPECT_EQ(m.t.nCL, cl) << gbps;        // 16.25 ns
    EXPECT_EQ(m.t.nRTP, 9) << gbps;        // given in clocks
  }
}

// Rounded one by one, tRAS + tRP can exceed tRC by a cycle at some data rates; the relation holds
// in ns, so the set is accepted (the controller enforces each timing on its own).
TEST(MemSpec, EveryDataRateFromOneToFortyGbpsLoads) {
  for (int tenths = 10; tenths <= 400; ++tenths) {
    EXPECT_NO_THROW(load_memspec(source_path("scenarios/memspec/hbm3e_9600_8h.yaml"), data_rate(tenths / 10.0)))
        << tenths / 10.0 << " Gb/s";
  }
}


// A --set of one form replaces the file's other form.
TEST(MemSpec, ASetInClocksReplacesTheFilesNanoseconds) {
  const MemSpec m = load_memspec(source_path("scenarios/memspec/hbm3e_9600_8h.yaml"),
                                 {parse_override("timing.nRFCab=1000"), parse_override("timing.tRTP=5")});
  EXPECT_EQ(m.t.nRFCab, 1000);
  EXPECT_EQ(m.t.nRTP, 12);
}

// A REFpb refreshes one physical bank, a REFab all of them: per-bank refresh of every bank in
// turn costs what one all-bank refresh does (refpb_pj = refab_pj / banks, whatever the SIDs).
TEST(MemSpec, PerBankRefreshEnergyIsOneBanksShareOfAllBank) {
  for (const std::string& f : test::memspec_presets()) {
    const MemSpec m = load_memspec(f);
    ASSERT_TRUE(m.power.given) << f;
    EXPECT_NEAR(m.power.refpb_pj * m.org.banks_per_pc(), m.power.refab_pj, m.org.banks_per_pc() * 0.5) << f;
  }
}

// `aimc memspec` says which refresh policies a run can use, naming the field when one cannot.
TEST(MemspecReport, SaysWhichRefreshPoliciesARunCanUse) {
  MemSpec m = test::hbm3e();
  EXPECT_NE(memspec_report(m).find("  all_bank  yes: a refresh is forced once 8 are owed"), std::string::npos);
  m.t.nREFIpb = 60;
  m.t.max_postponed_refreshes = 2;
  const std::string report = memspec_report(m);
  EXPECT_NE(report.find("  all_bank  yes: a refresh is forced once 2 are owed"), std::string::npos) << report;
  EXPECT_NE(report.find("  per_bank  no, a run refuses it: field 'timing.tREFIpb': 60 cycles"), std::string::npos)
      << report;
}

}  // namespace
}  // namespace aimc
