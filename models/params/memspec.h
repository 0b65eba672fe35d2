// MemSpec: the HBM3/HBM3E organization and timing parameter set, in integer clock cycles of
// tCK plus the clock period. This struct is the only place timing values live in the code;
// it is filled from scenarios/memspec/*.yaml by load_memspec(), which derives the cycles from
// the file's data rate and nanosecond timings.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace aimc {

struct YamlOverride;

struct Organization {
  int channels = 0;           // independent 64-bit channels per stack
  int pseudo_channels = 0;    // 32-bit pseudo-channels per channel
  int stack_ids = 1;          // stack IDs (SIDs) per pseudo-channel: each has its own banks
  int bank_groups = 0;        // bank groups per SID
  int banks_per_group = 0;    // banks per bank group
  int64_t rows = 0;           // rows per bank
  int columns = 0;            // column accesses (BL8 bursts) per row
  int access_bytes = 0;       // bytes moved by one RD/WR (BL8 x 32 bit = 32 B)
  int burst_length = 0;       // beats per access
  int stack_height = 0;       // dies in the stack (documentation and capacity check only)
  // Stacks simulated side by side (a scenario's accelerator.stacks). `channels` counts every
  // stack's: stack s holds channels [s x channels_per_stack(), (s + 1) x channels_per_stack()).
  int stacks = 1;

  int channels_per_stack() const { return channels / stacks; }
  // The controller numbers a pseudo-channel's bank groups across its SIDs: bank group g is
  // group g % bank_groups of SID g / bank_groups (DramAddress::bank_group). Groups in different
  // SIDs are on different dies, so they are different bank groups to every timing rule.
  int bank_groups_per_pc() const { return stack_ids * bank_groups; }
  int banks_per_pc() const { return bank_groups_per_pc() * banks_per_group; }
  int sid_of(int bank_group) const { return bank_group / bank_groups; }
  // A bank's name in waveforms and reports: "bg1_ba2", or "sid1_bg1_ba2" with several SIDs.
  std::string bank_label(int bank_group, int bank) const;
  int64_t row_bytes() const { return int64_t{columns} * access_bytes; }
  uint64_t capacity_bytes() const {
    return uint64_t(channels) * uint64_t(pseudo_channels) * uint64_t(banks_per_pc()) *
           uint64_t(rows) * uint64_t(row_bytes());
  }
};

// Timings in cycles of tCK. Names follow JEDEC; n prefix = count of cycles.
struct Timing {
  int nBL = 0;       // data burst on the bus (BL8 at 4 beats/CK = 2)
  int nCL = 0;       // read latency RD -> first data
  int nCWL = 0;      // write latency WR -> first data
  int nRCDRD = 0;    // ACT -> RD same bank
  int nRCDWR = 0;    // ACT -> WR same bank
  int nRP = 0;       // PRE -> ACT same bank
  int nRAS = 0;      // ACT -> PRE same bank
  int nRC = 0;       // ACT -> ACT same bank
  int nWR = 0;       // end of write data -> PRE same bank
  int nRTP = 0;      // RD -> PRE same bank
  int nCCD_S = 0;    // column -> column, other bank group
  int nCCD_L = 0;    // column -> column, same bank group
  int nRRD_S = 0;    // ACT -> ACT, other bank group
  int nRRD_L = 0;    // ACT -> ACT, same bank group
  int nFAW = 0;      // window holding at most four ACTs per pseudo-channel
  int nWTR_S = 0;    // end of write data -> RD, other bank group
  int nWTR_L = 0;    // end of write data -> RD, same bank group
  int nRTW = 0;      // RD -> WR turnaround on one pseudo-channel
  int nPPD = 0;      // PRE -> PRE on one pseudo-channel
  int nRFCab = 0;    // all-bank refresh cycle time
  int nRFCpb = 0;    // per-bank refresh cycle time
  int nRREFD = 0;    // REFpb -> REFpb or ACT to another bank
  int nREFI = 0;     // average all-bank refresh interval
  int nREFIpb = 0;   // interval between REFpb commands in one pseudo-channel
  int nACT_CMD = 0;  // row-bus cycles one ACT occupies (1.5 CK rounded up)
  int nXP = 0;       // PDX (power-down exit) -> any command
  int nCKE = 0;      // PDE -> PDX: the least time a pseudo-channel stays powered down
  int max_postponed_refreshes = 0;  // refreshes that may be owed before one is forced
};

// Energy per operation and background power, per pseudo-channel (docs/energy.md). Optional in a
// memspec: without it a run reports no energy.
struct PowerSpec {
  bool given = false;
  double act_pj = 0;             // one ACT and its PRE: a 1 KiB row opened and closed
  double read_pj = 0;            // one 32 B read in the core (array, sense amps, data path to the base die)
  double write_pj = 0;           // one 32 B write in the core
  double io_read_pj_per_bit = 0;   // moving a read bit across the interposer
  double io_write_pj_per_bit = 0;  // moving a write bit across the interposer
  double refab_pj = 0;           // one all-bank refresh of a pseudo-channel
  double refpb_pj = 0;           // one per-bank refresh
  double active_standby_mw = 0;      // a pseudo-channel with a row open
  double precharged_standby_mw = 0;  // a pseudo-channel with every bank closed
  double active_powerdown_mw = 0;      // powered down (controller.power_down_after_ns) with a row open
  double precharged_powerdown_mw = 0;  // powered down with every bank closed
};

// How a timing given in ns becomes cycles: a wait (a minimum between commands) rounds up; an
// interval that sets how often something must happen (the refresh intervals) rounds down, or
// 32 banks x tREFIpb would overrun tREFI. Clocks: counts that are clocks by nature, never in ns.
enum class TimingUnit : uint8_t { Wait, Interval, Clocks };
// Every timing of Timing under its JEDEC name without the prefix, in the files' order. A memspec
// gives it as tNAME in ns or as nNAME in clocks, or nNAME only for TimingUnit::Clocks.
struct TimingField {
  const char* name;
  int Timing::*cycles;
  TimingUnit unit;
};
inline constexpr TimingField kTimingFields[] = {
    {"BL", &Timing::nBL, TimingUnit::Clocks},        {"CL", &Timing::nCL, TimingUnit::Wait},
    {"CWL", &Timing::nCWL, TimingUnit::Wait},        {"RCDRD", &Timing::nRCDRD, TimingUnit::Wait},
    {"RCDWR", &Timing::nRCDWR, TimingUnit::Wait},    {"RP", &Timing::nRP, TimingUnit::Wait},
    {"RAS", &Timing::nRAS, TimingUnit::Wait},        {"RC", &Timing::nRC, TimingUnit::Wait},
    {"WR", &Timing::nWR, TimingUnit::Wait},          {"RTP", &Timing::nRTP, TimingUnit::Wait},
    {"CCD_S", &Timing::nCCD_S, TimingUnit::Wait},    {"CCD_L", &Timing::nCCD_L, TimingUnit::Wait},
    {"RRD_S", &Timing::nRRD_S, TimingUnit::Wait},    {"RRD_L", &Timing::nRRD_L, TimingUnit::Wait},
    {"FAW", &Timing::nFAW, TimingUnit::Wait},        {"WTR_S", &Timing::nWTR_S, TimingUnit::Wait},
    {"WTR_L", &Timing::nWTR_L, TimingUnit::Wait},    {"RTW", &Timing::nRTW, TimingUnit::Wait},
    {"PPD", &Timing::nPPD, TimingUnit::Wait},        {"RFCab", &Timing::nRFCab, TimingUnit::Wait},
    {"RFCpb", &Timing::nRFCpb, TimingUnit::Wait},    {"RREFD", &Timing::nRREFD, TimingUnit::Wait},
    {"REFI", &Timing::nREFI, TimingUnit::Interval},  {"REFIpb", &Timing::nREFIpb, TimingUnit::Interval},
    {"ACT_CMD", &Timing::nACT_CMD, TimingUnit::Clocks}, {"XP", &Timing::nXP, TimingUnit::Wait},
    {"CKE", &Timing::nCKE, TimingUnit::Wait},
};

// Whole cycles covering a wait of `ns` at clock period tCK_ps: ceil(ns / tCK). The controller's
// waits (age limit, preempt_after) are at least what the scenario asks.
inline uint64_t cycles_covering(double ns, double tCK_ps) { return uint64_t(std::ceil(ns * 1000.0 / tCK_ps)); }

struct MemSpec {
  std::string name;
  std::string source_file;
  double tCK_ps = 0;          // clock period: 4000 / data_rate_gbps (4 data beats per CK)
  Organization org;
  Timing t;
  PowerSpec power;
  // Where the file gave each timing, by its name without the t / n prefix ("XP"; also
  // "max_postponed_refreshes"), for errors found after loading. A timing the file did not give
  // has no entry.
  struct GivenAt {
    std::string key;     // as written: "tXP" (ns) or "nXP" (clocks)
    int line = 0;        // in source_file
    std::string origin;  // the --set that gave it ("--set timing.tXP=4"), when one did
  };
  std::map<std::string, GivenAt> timing_given;
  // Where an error about `timing` ("XP") should point: the file (or --set) and line that gave
  // it and its dotted field, or "timing.t<timing>" in source_file at line 0 when none did.
  struct FieldAt {
    std::string file;
    int line = 0;
    std::string field;
  };
  FieldAt timing_field(const std::string& timing) const;

  double data_rate_gbps() const { return 4.0 * 1000.0 / tCK_ps; }
  // The start of a cycle in whole picoseconds (waveform time stamps).
  uint64_t cycle_ps(uint64_t cycle) const { return uint64_t(std::llround(double(cycle) * tCK_ps)); }
  // The cycle a request made at `ps` arrives in: a time on a cycle's start counts as that cycle.
  uint64_t arrival_cycle(double ps) const { return uint64_t(std::ceil(ps / tCK_ps - 1e-9)); }
  // The first whole picosecond of a cycle (floor: inside the cycle whenever tCK > 1 ps), so that
  // arrival_cycle(first_ps_of_cycle(c)) == c.
  uint64_t first_ps_of_cycle(uint64_t cycle) const { return uint64_t(std::floor(double(cycle) * tCK_ps)); }
  // Peak stack bandwidth: every pseudo-channel moves access_bytes every nBL cycles.
  double peak_gbps() const {
    return double(org.channels) * org.pseudo_channels * org.access_bytes / (t.nBL * tCK_ps / 1000.0);
  }
  // "HBM3E_9600_8H at 9.6 Gb/s (tCK 416.667 ps, 1228.8 GB/s peak)": the part as simulated, after
  // any override of its data rate.
  std::string describe() const;
};

// A data rate as people write it: "9.6", "8.0", "9.25".
std::string format_data_rate(double gbps);

// Loads and validates a memspec YAML file, with `overrides` (models/params/yaml_override.h)
// written over it first. Throws ConfigError naming file, line and field (or the --set argument).
MemSpec load_memspec(const std::string& path);
MemSpec load_memspec(const std::string& path, const std::vector<YamlOverride>& overrides);

}  // namespace aimc
