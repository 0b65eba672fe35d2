// Loads scenarios/memspec/*.yaml into MemSpec and checks the values against each other.
#include "models/params/memspec.h"

#include <fmt/format.h>

#include "models/params/yaml_fields.h"
#include "models/params/yaml_override.h"

namespace aimc {
namespace {

constexpr int64_t kMaxCycles = 1'000'000;  // sanity bound: no HBM timing is a millisecond

Organization read_organization(const YamlFields& y) {
  Organization o;
  o.channels = int(y.integer("channels", 1, 64));
  o.pseudo_channels = int(y.integer("pseudo_channels", 1, 4));
  o.bank_groups = int(y.integer("bank_groups", 1, 16));
  o.banks_per_group = int(y.integer("banks_per_group", 1, 16));
  o.rows = y.integer("rows", 1, int64_t{1} << 24);
  o.columns = int(y.integer("columns", 1, 4096));
  o.access_bytes = int(y.integer("access_bytes", 1, 4096));
  o.burst_length = int(y.integer("burst_length", 1, 64));
  o.stack_height = int(y.integer("stack_height", 1, 16));
  y.reject_unknown();
  return o;
}

Timing read_timing(const YamlFields& y) {
  Timing t;
  auto cyc = [&](const char* name, int64_t min = 1) { return int(y.integer(name, min, kMaxCycles)); };
  t.nBL = cyc("nBL");
  t.nCL = cyc("nCL");
  t.nCWL = cyc("nCWL");
  t.nRCDRD = cyc("nRCDRD");
  t.nRCDWR = cyc("nRCDWR");
  t.nRP = cyc("nRP");
  t.nRAS = cyc("nRAS");
  t.nRC = cyc("nRC");
  t.nWR = cyc("nWR");
  t.nRTP = cyc("nRTP");
  t.nCCD_S = cyc("nCCD_S");
  t.nCCD_L = cyc("nCCD_L");
  t.nRRD_S = cyc("nRRD_S");
  t.nRRD_L = cyc("nRRD_L");
  t.nFAW = cyc("nFAW");
  t.nWTR_S = cyc("nWTR_S");
  t.nWTR_L = cyc("nWTR_L");
  t.nRTW = cyc("nRTW");
  t.nPPD = cyc("nPPD");
  t.nRFCab = cyc("nRFCab");
  t.nRFCpb = cyc("nRFCpb");
  t.nRREFD = cyc("nRREFD");
  t.nREFI = cyc("nREFI");
  t.nREFIpb = cyc("nREFIpb");
  t.nACT_CMD = cyc("nACT_CMD");
  t.max_postponed_refreshes = cyc("max_postponed_refreshes", 0);
  y.reject_unknown();
  return t;
}

void check_relations(const MemSpec& m, const YamlFields& timing, const YamlFields& org) {
  const Timing& t = m.t;
  if (m.org.burst_length % 4 != 0 || t.nBL != m.org.burst_length / 4) {
    timing.fail("nBL", "must equal burst_length / 4 (4 data beats per CK)");
  }
  if (t.nRC < t.nRAS + t.nRP) timing.fail("nRC", "must be at least nRAS + nRP");
  if (t.nRCDRD > t.nRAS) timing.fail("nRCDRD", "must be at most nRAS (a row is read before it may close)");
  if (t.nRCDWR > t.nRAS) timing.fail("nRCDWR", "must be at most nRAS (a row is written before it may close)");
  if (t.nCCD_S < t.nBL) timing.fail("nCCD_S", "must be at least nBL (the data bus is busy)");
  // A write's data may not start before the read's data has left the pseudo-channel's bus.
  if (t.nRTW < t.nCL + t.nBL - t.nCWL) {
    timing.fail("nRTW", fmt::format("must be at least nCL + nBL - nCWL = {} (else read and write data overlap on the bus; "
                                    "the presets add a 2-cycle turnaround)", t.nCL + t.nBL - t.nCWL));
  }
  if (t.nCCD_L < t.nCCD_S) timing.fail("nCCD_L", "must be at least nCCD_S");
  if (t.nRRD_L < t.nRRD_S) timing.fail("nRRD_L", "must be at least nRRD_S");
  if (t.nWTR_L < t.nWTR_S) timing.fail("nWTR_L", "must be at least nWTR_S");
  // Refresh must leave each bank room for at least one row cycle, or no access could ever go.
  if (t.nREFI < t.nRFCab + t.nRC) timing.fail("nREFI", "must be at least nRFCab + nRC (room for a row cycle between refreshes)");
  if (int64_t(t.nREFIpb) * m.org.banks_per_pc() < int64_t(t.nRFCpb) + t.nRC) {
    timing.fail("nRFCpb", "must be at most banks x nREFIpb - nRC (a bank's turn comes every banks x nREFIpb)");
  }
  if (t.nREFIpb < t.nRREFD + t.nRRD_L) {
    timing.fail("nREFIpb", "must be at least nRREFD + nRRD_L (room for an ACT between per-bank refreshes)");
  }
  if (t.nREFIpb * m.org.banks_per_pc() > t.nREFI) {
    timing.fail("nREFIpb", "per-bank refresh would refresh each bank less often than nREFI");
  }
  if (t.max_postponed_refreshes < 1 || t.max_postponed_refreshes > 31) {
    timing.fail("max_postponed_refreshes", "must be 1 to 31 (the controller forces a refresh once this many are owed)");
  }
  auto pow2 = [](int64_t v) { return v > 0 && (v & (v - 1)) == 0; };
  if (!pow2(m.org.bank_groups)) org.fail("bank_groups", "must be a power of two");
  if (!pow2(m.org.banks_per_group)) org.fail("banks_per_group", "must be a power of two");
  if (m.org.access_bytes * 8 != 32 * m.org.burst_length) {
    org.fail("access_bytes", "must equal burst_length x 32-bit pseudo-channel width / 8");
  }
}

}  // namespace

namespace {

MemSpec parse_memspec(const std::string& path, const YAML::Node& tree) {
  const YamlFields root(path, tree, "");
  MemSpec m;
  m.source_file = path;
  m.name = root.text("name");
  m.tCK_ps = root.number("tCK_ps", 100.0, 10000.0);
  const YamlFields org = root.child("organization");
  const YamlFields timing = root.child("timing");
  m.org = read_organization(org);
  m.t = read_timing(timing);
  root.text_or("description", "");
  root.reject_unknown();
  check_relations(m, timing, org);
  return m;
}

}  // namespace

MemSpec load_memspec(const std::string& path) { return load_memspec(path, {}); }

MemSpec load_memspec(const std::string& path, const std::vector<YamlOverride>& overrides) {
  const YAML::Node tree = load_yaml_file(path);
  const std::vector<std::string> fields = apply_overrides(tree, overrides);
  MemSpec m;
  attribute_errors_to_overrides(path, overrides, fields, [&] { m = parse_memspec(path, tree); });
  return m;
}

}  // namespace aimc
