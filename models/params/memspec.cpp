// Loads scenarios/memspec/*.yaml into MemSpec and checks the values against each other.
#include "models/params/memspec.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <stdexcept>

#include "models/params/yaml_fields.h"
#include "models/params/yaml_override.h"

namespace aimc {
namespace {

constexpr int64_t kMaxCycles = 1'000'000;  // sanity bound: no HBM timing is a millisecond

Organization read_organization(const YamlFields& y) {
  Organization o;
  o.channels = int(y.integer("channels", 1, 64));
  o.pseudo_channels = int(y.integer("pseudo_channels", 1, 4));
  o.stack_ids = int(y.integer_or("stack_ids", 1, 1, 16));
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

// Reads the timing section. A timing is given in nanoseconds, `tX: 16.25` or, where the standard
// also sets a minimum in clocks, `tX: {ns: 2.5, min_ck: 4}`, and converted at the memspec's clock
// as max(min_ck, ceil(ns / tCK)); or in clocks, `nX: 26`, which stay whatever the clock. Counts
// that are clocks by nature (nBL, nACT_CMD) are clocks only. Errors name the key as written.
class TimingReader {
 public:
  TimingReader(const YamlFields& y, double tck_ps) : y_(y), tck_ps_(tck_ps) {}

  int either(const std::string& name, TimingUnit unit, int64_t min = 1) {
    const std::string ns_key = "t" + name, ck_key = "n" + name;
    if (y_.has(ns_key) && y_.has(ck_key)) {
      y_.fail(ck_key, fmt::format("give {} in ns ({}) or in clocks ({}), not both", name, ns_key, ck_key));
    }
    if (!y_.has(ck_key)) return from_ns(name, ns_key, unit);  // reports a missing field as the ns key
    key_[name] = ck_key;
    return int(y_.integer(ck_key, min, kMaxCycles));
  }
  int clocks(const std::string& name, int64_t min = 1) {
    key_[name] = "n" + name;
    return int(y_.integer("n" + name, min, kMaxCycles));
  }
  bool given(const std::string& name) const { return y_.has("t" + name) || y_.has("n" + name); }
  // Whether `name` is at least the sum of `parts`, in cycles or, where all were given in ns, in
  // ns: each is rounded up on its own, so a sum that holds in ns can miss by a cycle (tRC = tRAS +
  // tRP at some data rates). The controller enforces every timing on its own, so that is safe.
  bool at_least_sum(const Timing& t, const std::string& name, std::initializer_list<const char*> parts) const {
    int64_t cycles = 0;
    double ns = 0;
    bool all_ns = ns_.count(name) > 0;
    for (const char* p : parts) {
      cycles += t.*field(p);
      all_ns = all_ns && ns_.count(p) > 0;
      if (all_ns) ns += ns_.at(p);
    }
    if (t.*field(name) >= cycles) return true;
    return all_ns && ns_.at(name) >= ns - 1e-9;
  }
  // Fails on the field as the file gives it; a timing given in ns also shows its cycles.
  [[noreturn]] void fail(const std::string& name, int cycles, const std::string& what) const {
    const auto found = key_.find(name);
    const std::string key = found == key_.end() ? "n" + name : found->second;
    if (key.front() == 't') {
      y_.fail(key, fmt::format("{} (n{} = {} cycles of tCK = {:.3f} ps)", what, name, cycles, tck_ps_));
    }
    y_.fail(key, what);
  }

 private:
  static int Timing::*field(const std::string& name) {
    for (const TimingField& f : kTimingFields) {
      if (name == f.name) return f.cycles;
    }
    throw std::logic_error("no timing " + name);
  }
  int from_ns(const std::string& name, const std::string& key, TimingUnit unit) {
    key_[name] = key;
    double ns = 0;
    int64_t min_ck = 1;
    if (y_.is_mapping(key)) {
      const YamlFields f = y_.child(key);
      ns = f.number("ns", 1e-3, 1e6);
      min_ck = f.integer_or("min_ck", 1, 1, kMaxCycles);
      f.reject_unknown();
    } else {
      ns = y_.number(key, 1e-3, 1e6);
    }
    // Rounded as TimingUnit says, with a little room for the binary fractions of values like
    // 416.667 ps.
    const bool interval = unit == TimingUnit::Interval;
    const double exact = ns * 1000.0 / tck_ps_;
    const int64_t cycles = std::max(min_ck, int64_t(interval ? std::floor(exact + 1e-6) : std::ceil(exact - 1e-6)));
    if (cycles > kMaxCycles) y_.fail(key, fmt::format("{} ns is {} cycles, more than {}", ns, cycles, kMaxCycles));
    ns_[name] = ns;
    return int(cycles);
  }

  const YamlFields& y_;
  double tck_ps_;
  std::map<std::string, std::string> key_;  // timing name -> the key the file gives it under
  std::map<std::string, double> ns_;        // the timings given in ns
};

Timing read_timing(TimingReader& r) {
  Timing t;
  for (const TimingField& f : kTimingFields) {
    if (std::string(f.name) == "RTW" && !r.given("RTW")) {
      // Read to write on one pseudo-channel: by default the read's data, then a 2-cycle bus
      // turnaround, less the write latency (Ramulator 2's convention). nCL, nBL, nCWL come first.
      t.nRTW = t.nCL + t.nBL + 2 - t.nCWL;
    } else {
      t.*f.cycles = f.unit == TimingUnit::Clocks ? r.clocks(f.name) : r.either(f.name, f.unit);
    }
  }
  return t;
}

PowerSpec read_power(const YamlFields& y) {
  PowerSpec p;
  p.given = true;
  auto pj = [&](const char* name) { return y.number(name, 0.0, 1e9); };
  p.act_pj = pj("act_pj");
  p.read_pj = pj("read_pj");
  p.write_pj = pj("write_pj");
  p.io_read_pj_per_bit = y.number("io_read_pj_per_bit", 0.0, 100.0);
  p.io_write_pj_per_bit = y.number("io_write_pj_per_bit", 0.0, 100.0);
  p.refab_pj = pj("refab_pj");
  p.refpb_pj = pj("refpb_pj");
  p.active_standby_mw = y.number("active_standby_mw", 0.0, 1e6);
  p.precharged_standby_mw = y.number("precharged_standby_mw", 0.0, 1e6);
  p.active_powerdown_mw = y.number("active_powerdown_mw", 0.0, 1e6);
  p.precharged_powerdown_mw = y.number("precharged_powerdown_mw", 0.0, 1e6);
  y.reject_unknown();
  return p;
}

void check_relations(const MemSpec& m, const TimingReader& timing, const YamlFields& timing_fields, const YamlFields& org) {
  const Timing& t = m.t;
  // The organization first: the refresh checks below count its banks.
  auto pow2 = [](int64_t v) { return v > 0 && (v & (v - 1)) == 0; };
  if (!pow2(m.org.bank_groups)) org.fail("bank_groups", "must be a power of two");
  if (!pow2(m.org.banks_per_group)) org.fail("banks_per_group", "must be a power of two");
  // The controller keeps a pseudo-channel's banks in 64-bit masks.
  if (m.org.banks_per_pc() > 64) {
    org.fail("stack_ids", fmt::format("stack_ids x bank_groups x banks_per_group = {} banks per pseudo-channel; "
                                      "at most 64 are modelled", m.org.banks_per_pc()));
  }
  if (m.org.stack_ids > m.org.stack_height) org.fail("stack_ids", "must be at most stack_height (a SID is one or more dies)");
  if (m.org.burst_length % 4 != 0 || t.nBL != m.org.burst_length / 4) {
    timing.fail("BL", t.nBL, "must equal burst_length / 4 (4 data beats per CK)");
  }
  if (!timing.at_least_sum(t, "RC", {"RAS", "RP"})) timing.fail("RC", t.nRC, "must be at least nRAS + nRP");
  if (t.nRCDRD > t.nRAS) timing.fail("RCDRD", t.nRCDRD, "must be at most nRAS (a row is read before it may close)");
  if (t.nRCDWR > t.nRAS) timing.fail("RCDWR", t.nRCDWR, "must be at most nRAS (a row is written before it may close)");
  if (t.nCCD_S < t.nBL) timing.fail("CCD_S", t.nCCD_S, "must be at least nBL (the data bus is busy)");
  // A write's data may not start before the read's data has left the pseudo-channel's bus.
  if (t.nRTW < t.nCL + t.nBL - t.nCWL) {
    timing.fail("RTW", t.nRTW, fmt::format("must be at least nCL + nBL - nCWL = {} (else read and write data overlap on the bus; "
                                    "the presets add a 2-cycle turnaround)", t.nCL + t.nBL - t.nCWL));
  }
  if (t.nCCD_L < t.nCCD_S) timing.fail("CCD_L", t.nCCD_L, "must be at least nCCD_S");
  if (t.nRRD_L < t.nRRD_S) timing.fail("RRD_L", t.nRRD_L, "must be at least nRRD_S");
  if (t.nWTR_L < t.nWTR_S) timing.fail("WTR_L", t.nWTR_L, "must be at least nWTR_S");
  // Refresh must leave each bank room for at least one row cycle, or no access could ever go.
  if (!timing.at_least_sum(t, "REFI", {"RFCab", "RC"})) timing.fail("REFI", t.nREFI, "must be at least nRFCab + nRC (room for a row cycle between refreshes)");
  if (int64_t(t.nREFIpb) * m.org.banks_per_pc() < int64_t(t.nRFCpb) + t.nRC) {
    timing.fail("RFCpb", t.nRFCpb, "must be at most banks x nREFIpb - nRC (a bank's turn comes every banks x nREFIpb)");
  }
  if (t.nREFIpb < t.nRREFD + t.nRRD_L) {
    timing.fail("REFIpb", t.nREFIpb, "must be at least nRREFD + nRRD_L (room for an ACT between per-bank refreshes)");
  }
  if (t.nREFIpb * m.org.banks_per_pc() > t.nREFI) {
    timing.fail("REFIpb", t.nREFIpb, "per-bank refresh would refresh each bank less often than nREFI");
  }
  if (t.max_postponed_refreshes < 1 || t.max_postponed_refreshes > 31) {
    timing_fields.fail("max_postponed_refreshes", "must be 1 to 31 (the controller forces a refresh once this many are owed)");
  }
  if (m.org.access_bytes * 8 != 32 * m.org.burst_length) {
    org.fail("access_bytes", "must equal burst_length x 32-bit pseudo-channel width / 8");
  }
}

}  // namespace

std::string Organization::bank_label(int bank_group, int bank) const {
  const std::string in_sid = fmt::format("bg{}_ba{}", bank_group % bank_groups, bank);
  return stack_ids == 1 ? in_sid : fmt::format("sid{}_{}", sid_of(bank_group), in_sid);
}

namespace {

MemSpec parse_memspec(const std::string& path, const YAML::Node& tree) {
  const YamlFields root(path, tree, "");
  MemSpec m;
  m.source_file = path;
  m.name = root.text("name");
  if (root.has("tCK_ps")) {
    root.fail("tCK_ps", "the clock follows from data_rate_gbps (4 data beats per CK: tCK = 4000 / rate ps); "
                        "give data_rate_gbps instead");
  }
  // 0.4 to 40 Gb/s: a clock period of 100 ps to 10 ns.
  m.tCK_ps = 4000.0 / root.number("data_rate_gbps", 0.4, 40.0);
  const YamlFields org = root.child("organization");
  const YamlFields timing_fields = root.child("timing");
  m.org = read_organization(org);
  TimingReader timing(timing_fields, m.tCK_ps);
  m.t = read_timing(timing);
  m.t.max_postponed_refreshes = int(timing_fields.integer("max_postponed_refreshes", 0, kMaxCycles));
  for (const TimingField& f : kTimingFields) {
    for (const std::string& key : {std::string("t") + f.name, std::string("n") + f.name}) {
      if (timing_fields.has(key)) m.timing_given[f.name] = {key, timing_fields.line_of(key), ""};
    }
  }
  m.timing_given["max_postponed_refreshes"] = {"max_postponed_refreshes", timing_fields.line_of("max_postponed_refreshes"), ""};
  timing_fields.reject_unknown();
  if (root.has("power")) m.power = read_power(root.child("power"));
  root.text_or("description", "");
  root.reject_unknown();
  check_relations(m, timing, timing_fields, org);
  return m;
}

}  // namespace

MemSpec::FieldAt MemSpec::timing_field(const std::string& timing) const {
  const auto given = timing_given.find(timing);
  if (given == timing_given.end()) return {source_file, 0, "timing.t" + timing};
  const GivenAt& g = given->second;
  if (!g.origin.empty()) return {g.origin, 0, "timing." + g.key};
  return {source_file, g.line, "timing." + g.key};
}

std::string format_data_rate(double gbps) {
  const bool tenths = std::abs(gbps * 10 - std::round(gbps * 10)) < 1e-6;
  return tenths ? fmt::format("{:.1f}", gbps) : fmt::format("{:g}", gbps);
}

std::string MemSpec::describe() const {
  const std::string stacks = org.stacks > 1 ? fmt::format("{} x ", org.stacks) : "";
  return fmt::format("{}{} at {} Gb/s (tCK {:.3f} ps, {:.1f} GB/s peak)", stacks, name, format_data_rate(data_rate_gbps()),
                     tCK_ps, peak_gbps());
}

MemSpec load_memspec(const std::string& path) { return load_memspec(path, {}); }

MemSpec load_memspec(const std::string& path, const std::vector<YamlOverride>& overrides) {
  const YAML::Node tree = load_yaml_file(path);
  // A --set of nX (clocks) replaces the file's tX (ns), and the other way round.
  for (const YamlOverride& o : overrides) {
    const std::string& key = o.path.size() == 2 && o.path[0] == "timing" ? o.path[1] : std::string();
    if (key.size() > 1 && (key[0] == 'n' || key[0] == 't') && tree["timing"].IsMap()) {
      YAML::Node timing = tree["timing"];
      timing.remove((key[0] == 'n' ? "t" : "n") + key.substr(1));
    }
  }
  const std::vector<std::string> fields = apply_overrides(tree, overrides);
  MemSpec m;
  attribute_errors_to_overrides(path, overrides, fields, [&] { m = parse_memspec(path, tree); });
  // Errors found later (a run's refresh check) blame the --set that gave a timing.
  for (const YamlOverride& o : overrides) {
    if (o.path.size() != 2 || o.path[0] != "timing") continue;
    const std::string& key = o.path[1];
    const std::string name = key == "max_postponed_refreshes" ? key : key.substr(1);
    m.timing_given[name] = {key, 0, o.origin + " " + o.arg};
  }
  return m;
}

}  // namespace aimc
