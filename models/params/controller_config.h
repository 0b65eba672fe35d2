// ControllerConfig: the controller knobs of a scenario (scheduler, page policy, queues,
// refresh, address mapping). Timing never lives here; it comes from the MemSpec.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "models/params/stream_class.h"

namespace aimc {

enum class SchedulerPolicy { Fcfs, FrFcfs, AiAware };
enum class PagePolicy { Open, Closed };
enum class RefreshPolicy { AllBank, PerBank, Off };
// Which front-end port offers its accesses first in an admission pass (ports take the request
// lanes and queue slots in that order). RoundRobin: just after the port that led the last
// pass, so every ready port leads in turn, whatever its id. IdRotation: port (cycle mod n)
// first, n the highest ready port id + 1; a port then leads as often as the gap in ids before
// it (a stream's KV_READ port leads its WEIGHT port in 6 passes of 8).
enum class PortArbitration { RoundRobin, IdRotation };

// One slice of the physical address, LSB first above the byte offset. bits == 0 means "all
// remaining values of this field" (the field's last slice).
struct AddressSlice {
  std::string field;  // channel, pseudo_channel, sid, bank_group, bank, row, column
  int bits = 0;
};

struct AddressMapConfig {
  // Default: bank groups interleave fastest so consecutive 32 B accesses pay tCCD_S, then
  // channels and pseudo-channels, then columns (row-buffer locality), then banks, then stack IDs,
  // then rows.
  std::vector<AddressSlice> slices = {{"bank_group", 0}, {"channel", 0}, {"pseudo_channel", 0}, {"column", 0},
                                      {"bank", 0},       {"sid", 0},     {"row", 0}};
  bool xor_bank_hash = false;  // XOR low row bits into bank group and bank
  // Several stacks (accelerator.stacks): consecutive blocks of this many bytes go to the stacks
  // in turn; each stack maps its own blocks with the slices above.
  uint64_t stack_interleave_bytes = 4096;
};

// Knobs of the ai_aware scheduler (docs/scheduling.md).
struct AiAwareConfig {
  // Rank of each stream class, lower is served first (0..15); indexed by StreamClass.
  // Default: every class of the model at rank 0, best effort at 2. Ranking the model's classes
  // against each other cost prefill 4.9 % bandwidth (its KV writes overtook its weights) and
  // gained nothing on a closed-loop decode (docs/results.md has the measurements).
  std::array<int, kNumStreamClasses> class_rank = {0, 0, 0, 0, 2};
  // An access that has waited this long outranks every class (the starvation bound).
  double age_limit_ns = 2000;
  // Write drain: writes go ahead of reads from when a pseudo-channel queues write_high writes
  // until it is down to write_low; otherwise reads go first and writes take idle bus slots.
  int write_high = 40, write_low = 16;
  // Among equals, prefer a column command to another bank group. Off by default: the default
  // address map already rotates bank groups, and on the shipped scenarios it cost more KV
  // latency than it saved (docs/results.md).
  bool bank_group_interleave = false;
  // Queue slots per pseudo-channel that BEST_EFFORT accesses leave free for the model's
  // traffic, which would otherwise find the queue full of postponed best effort.
  int reserved_slots = 16;
  // A conflict closes a row held by hits in a worse tier, or in its tier with a rank at least
  // this much worse; 0: hits keep their row until row_hit_cap (or an aged conflict). Without it
  // a best-effort hit that loses the column bus to the model's traffic can hold a row against a
  // KV read for hundreds of ns (docs/results.md).
  int preempt_rank_gap = 0;
  // ... once the conflict has waited this long in its queue (same tier only; a draining write
  // closes a read row at once). A short wait lets a best-effort hit that is about to be served
  // keep its row: 50 ns on the decodes kept most of the KV gain of preempting at once while
  // best effort kept up with its load on long runs (docs/results.md).
  double preempt_after_ns = 0;
  // An owed refresh goes ahead as soon as the banks it needs hold only BEST_EFFORT accesses
  // (they wait for it), not only once they are idle. In a closed-loop decode the idle moments are
  // the step boundaries, just before the next token's burst arrives (docs/results.md).
  bool refresh_preempts_best_effort = false;
  // An owed refresh also goes ahead, closing its banks to every class, once the banks it needs
  // hold no KV_READ and no KV_READ has entered the pseudo-channel's queue for this long; 0: off.
  // A decode's KV reads run through the whole token step, so a pause means its step is ending
  // here: the refresh lands between steps instead of on the next KV reads (docs/results.md).
  double refresh_after_kv_quiet_ns = 0;
  // Energy: a row that served a column command less than this long ago stays open while no hit
  // to it is queued and only BEST_EFFORT conflicts wait (none aged), so that best-effort hits
  // arriving a little apart share one ACT; 0: off.
  double best_effort_row_hold_ns = 0;
};

struct ControllerConfig {
  SchedulerPolicy policy = SchedulerPolicy::FrFcfs;
  PagePolicy page_policy = PagePolicy::Open;
  RefreshPolicy refresh = RefreshPolicy::AllBank;
  // Accesses queued per pseudo-channel. 64 lets a sequential stream see a bank switch
  // (tRP + tRCD) early enough to hide it behind column work; 32 cannot (docs/controller.md).
  int queue_depth = 64;
  int row_hit_cap = 16;     // FR-FCFS: column commands to an open row while a conflict waits
  // A write that covers only part of a 32 B access (unaligned or shorter, or bytes disabled by
  // TLM byte enables) reads that access first: read-modify-write (docs/timing-model.md).
  bool read_modify_write = true;
  // Accesses a channel's request port takes per cycle. One per bank group lets a single
  // in-order stream fill the stack (consecutive accesses rotate bank groups first).
  int request_lanes = 4;
  PortArbitration port_arbitration = PortArbitration::RoundRobin;
  // A pseudo-channel with nothing queued or arriving, no refresh owed and no command for this
  // long enters power-down (PDE), and leaves it (PDX, then tXP) when an access arrives or a
  // refresh turns urgent; 0: never (docs/energy.md). The C++ model's only: the RTL has none.
  double power_down_after_ns = 0;
  AddressMapConfig address_map;
  AiAwareConfig ai_aware;
};

// Shrinks the ai_aware reserve and drain marks to fit a queue of queue_depth slots (defaults
// sized for 64 slots; values written in a scenario are range-checked against it instead).
inline void fit_ai_aware_to_queue(ControllerConfig& c) {
  AiAwareConfig& k = c.ai_aware;
  k.reserved_slots = std::min(k.reserved_slots, c.queue_depth - 1);
  k.write_high = std::min(k.write_high, c.queue_depth);
  k.write_low = std::min(k.write_low, k.write_high - 1);
}

// Names as written in scenario files and on the command line (fcfs, fr_fcfs, ai_aware; open, closed;
// all_bank, per_bank, off; round_robin, id_rotation). The *_from_name functions throw std::invalid_argument.
std::string to_string(SchedulerPolicy p);
std::string to_string(PagePolicy p);
std::string to_string(RefreshPolicy p);
std::string to_string(PortArbitration a);
SchedulerPolicy scheduler_policy_from_name(const std::string& name);
PagePolicy page_policy_from_name(const std::string& name);
RefreshPolicy refresh_policy_from_name(const std::string& name);
PortArbitration port_arbitration_from_name(const std::string& name);

}  // namespace aimc
