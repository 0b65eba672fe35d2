// LtTimingModel: the timing of the loosely-timed target. It books each 32 B access's commands
// (PRE, ACT, column) when the access arrives, with no clock to step: at the earliest cycles that
// keep the JEDEC minimums against everything booked before, in calendars kept per
// pseudo-channel and bank group (CycleRing). An access may take a gap left before accesses
// booked earlier (out-of-order issue, as a controller with a deep queue does), but never moves
// one already booked.
//
// It follows FR-FCFS and the front end where their choices shape throughput:
//   - admission: an access takes a slot of its pseudo-channel's queue (queue_depth, held until
//     its column command) and one of its channel's request lanes for that cycle, else it waits
//     (its front-end port's later accesses do not wait with it: see admit());
//   - reads go first: a write waits in its pseudo-channel's write queue while reads keep the data
//     bus busy, and the queued writes drain together, paying one read-write turnaround, once the
//     reads leave a gap of tRTW, the oldest has waited three tRC, or the queue holds queue_depth
//     writes. A write's own answer is what it would get if it drained now; its booked time, which
//     statistics report, comes when it drains. Its row is opened on arrival, as the core opens a
//     queued write's row once its bank has no hit to serve, and an access to another row of that
//     bank drains the queue first (the core serves the write's hit before closing its row);
//   - row hits go first: an access to one of the last few rows a conflict closed in its bank,
//     arriving before that row's PRE or its latest column (it would have been queued while the
//     row was open), is served as a hit in a free column slot, without moving what was booked
//     since, until the row has served row_hit_cap columns (then the waiting conflict closes it).
// Modelled: per bank the open row and tRCD, tRAS, tRP, tRC, tRTP, tWR; per bank group and
// pseudo-channel tCCD_S/L, tRRD_S/L, tFAW, tWTR_S/L, tRTW and the data bus; refresh (all-bank or
// per-bank), paid when the banks it needs hold no waiting access or once it is urgent (refresh_urgent_owed()),
// each taking tRFC and closing rows; the open or closed page policy.
// Not modelled: ai_aware's class priorities and reserves, aging, the command buses, the front
// end's in-order ports and their rotation. Its error against the cycle-exact core is measured
// on every shipped scenario (docs/timing-model.md, docs/benchmarks.md).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "models/core/access.h"
#include "models/core/command.h"
#include "models/params/controller_config.h"
#include "models/params/memspec.h"
#include "models/tlm/cycle_ring.h"

namespace aimc {

class LtTimingModel {
 public:
  struct Counters {
    uint64_t act = 0, pre = 0, refresh = 0, reads = 0, writes = 0;  // commands booked
  };
  struct Result {
    Cycle done;  // the access's last data beat
    RowOutcome outcome;
  };
  // Told of every access once it is booked: a read within serve(), a write when it drains.
  using BookedObserver = std::function<void(uint64_t tag, const DramAddress& a, bool is_write, const Result& r)>;

  LtTimingModel(const MemSpec& spec, const ControllerConfig& cfg, BookedObserver booked);
  // One access arriving at `arrival`. It takes a slot of its pseudo-channel's queue at once if
  // one is free, else when the first of the reads holding them issues its column command, as in
  // the core (it is schedulable from the cycle after). Returns when its last data beat moves:
  // booked for a read, estimated for a write (see above). `tag` comes back to the observer.
  Cycle serve(const DramAddress& a, bool is_write, Cycle arrival, uint64_t tag);
  // Drains every queued write (the end of a run).
  void drain_all();
  const Counters& counters() const { return counters_; }

 private:
  static constexpr int64_t kFar = int64_t{1} << 40;  // "long before cycle 0"
  static constexpr size_t kPastRows = 4;
  struct PastRow {
    int64_t row = -1;
    int64_t pre = -kFar;       // its PRE
    int64_t last_col = -kFar;  // its latest column, hits served since included
    int64_t col_ready_rd = 0, col_ready_wr = 0;
    int hits_left = 0;  // hits it may still serve: row_hit_cap less the columns it had served
  };
  struct Bank {
    int64_t row = -1;  // open row, -1 when closed
    int64_t act = -kFar;
    int64_t col_ready_rd = 0, col_ready_wr = 0;  // the open row's ACT + tRCDRD / tRCDWR
    int64_t pre_min = 0;       // earliest PRE of the open row (tRAS, and tRTP / tWR after its columns)
    int64_t act_min = 0;       // earliest ACT (tRC, tRP after a precharge, tRFC after a refresh)
    int64_t last_col = -kFar;  // the latest column booked
    int hits_served = 0;       // columns booked to the open row since its ACT
    int queued_writes = 0;     // writes waiting in the write queue whose row this bank holds
    // The rows open before this one, most recent first (FR-FCFS's row hits, above).
    std::array<PastRow, kPastRows> past{};
  };
  struct Group {
    CycleRing col, rd, wr, act;
  };
  struct QueuedWrite {
    DramAddress addr;
    int64_t arrival;
    uint64_t tag;
    RowOutcome opened;  // Miss or Conflict when its row was opened on arrival, else Hit
  };
  struct Pc {
    std::vector<Bank> banks;
    std::vector<Group> groups;
    CycleRing col, rd, wr, act;
    int64_t newest = -1;        // the rings hold cycles (newest - kWindow, newest]
    int64_t last_col = -kFar;   // the latest column booked
    int64_t last_read = -kFar;  // the latest read column booked
    int64_t last_act = -kFar;   // the latest ACT booked
    uint64_t refreshes = 0;
    std::vector<QueuedWrite> writes;  // waiting to drain, in arrival order
    // The column cycles of the booked reads still holding a queue slot: a slot frees when its
    // access's column command goes. Writes are not counted (see admit()).
    std::priority_queue<int64_t, std::vector<int64_t>, std::greater<int64_t>> slot_holders;
  };

  Pc& pc_of(const DramAddress& a) { return pcs_[size_t(a.channel * pseudo_channels_ + a.pseudo_channel)]; }
  Bank& bank_of(Pc& pc, const DramAddress& a) const {
    return pc.banks[size_t(a.bank_group * banks_per_group_ + a.bank)];
  }
  // The cycle at or after `offered` at which the pseudo-channel's queue has a slot for it and
  // its channel a request lane, as the front end admits. Only reads are counted in the queue:
  // the model holds writes back to drain them in batches, which the core does not, so how long
  // they wait in the model says little about how long they hold a slot in the core. Slots freed
  // are forgotten, so a call arriving before one already admitted finds them free (several
  // initiators out of time order). An access that waits does not hold back the later accesses
  // of its port, as the front end's in-order ports do: the model books each access once and
  // never moves it, and held back they compounded (on the 8B decode's arrivals replayed open
  // loop, a mean latency twice the core's).
  int64_t admit(Pc& pc, int channel, int64_t offered);
  // Books one access's commands; returns its result and tells the observer.
  // `opened`: how its row was opened earlier (a queued write's), Hit when it was not.
  Result book(Pc& pc, const DramAddress& a, bool is_write, int64_t arrival, uint64_t tag,
              RowOutcome opened = RowOutcome::Hit);
  RowOutcome open_row(Pc& pc, Bank& b, Group& g, int64_t row, int64_t earliest);
  // The recently closed row of b that an access to `row` arriving then is served from as a hit.
  PastRow* past_row(Bank& b, int64_t row, int64_t arrival);
  // The cycle its column would get if it were booked now (nothing is booked).
  int64_t column_if_booked(Pc& pc, const DramAddress& a, bool is_write, int64_t arrival);
  // Books every queued write. `needed`: the bank an access arriving at `needed_at` needs
  // another row of (its writes go later: see drain()).
  void drain(Pc& pc, const Bank* needed = nullptr, int64_t needed_at = 0);
  void pay_refreshes(Pc& pc, int64_t arrival);
  void close_row(Bank& b);  // precharge after the last column (closed page, refresh)
  template <typename NextAfter>
  int64_t search(Pc& pc, int64_t from, int64_t latest, const CycleRing& ring, int64_t gap, NextAfter next_after);
  int64_t book_act(Pc& pc, Group& g, int64_t from);
  int64_t find_column(Pc& pc, Group& g, bool is_write, int64_t from);  // searches, books nothing
  void mark_column(Pc& pc, Group& g, bool is_write, int64_t c);
  // Notes that the rings now reach cycle `upto` (older cycles fall out of them).
  void cover(Pc& pc, int64_t upto);
  // The first cycle a search may look at: older ones may have been forgotten.
  int64_t oldest_usable(const Pc& pc) const { return pc.newest - CycleRing::kWindow + 2 * reach_; }

  Timing t_;
  RefreshPolicy refresh_;
  int refresh_urgent_owed_;  // refresh_urgent_owed(): the owed count at which a refresh is forced
  bool closed_page_;
  int row_hit_cap_;  // FR-FCFS: a waiting conflict closes a row once it has served this many columns
  int banks_per_group_;
  int pseudo_channels_;
  int queue_depth_;  // slots per pseudo-channel, for reads and writes alike
  int64_t write_age_;  // writes a pseudo-channel holds before they drain regardless
  bool faw_binds_;      // tFAW is longer than three tRRD_S (else tRRD_S alone keeps it)
  int64_t wtr_s_, wtr_l_;  // a write's column to a read's column: nCWL + nBL + nWTR_S / _L
  int64_t reach_;          // the farthest any rule looks before or after a command
  std::vector<Pc> pcs_;
  // Per channel, the accesses admitted in recent cycles (at most request_lanes per cycle), by
  // cycle modulo the ring's size.
  struct LaneUse {
    int64_t cycle = -1;
    int count = 0;
  };
  static constexpr size_t kLaneRing = 256;
  int request_lanes_;
  std::vector<std::array<LaneUse, kLaneRing>> lanes_;
  BookedObserver booked_;
  Counters counters_;
};

}  // namespace aimc
