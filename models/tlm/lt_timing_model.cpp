#include "models/tlm/lt_timing_model.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "models/core/refresh_manager.h"

namespace aimc {

namespace {
// Conflicts a search steps past before it looks only after everything booked so far.
constexpr int kSearchSteps = 48;
}  // namespace

LtTimingModel::LtTimingModel(const MemSpec& spec, const ControllerConfig& cfg, BookedObserver booked)
    : t_(spec.t),
      refresh_(cfg.refresh),
      refresh_urgent_owed_(refresh_urgent_owed(spec, cfg.refresh)),
      closed_page_(cfg.page_policy == PagePolicy::Closed),
      row_hit_cap_(cfg.row_hit_cap),
      banks_per_group_(spec.org.banks_per_group),
      pseudo_channels_(spec.org.pseudo_channels),
      queue_depth_(cfg.queue_depth),
      write_age_(3 * int64_t(spec.t.nRC)),
      faw_binds_(spec.t.nFAW > 3 * spec.t.nRRD_S),
      wtr_s_(spec.t.nCWL + spec.t.nBL + spec.t.nWTR_S),
      wtr_l_(spec.t.nCWL + spec.t.nBL + spec.t.nWTR_L) {
  if (cfg.power_down_after_ns > 0) throw std::invalid_argument("lt mode does not model power-down");  // tlm_run says why
  reach_ = std::max({int64_t(t_.nRTW), wtr_l_, int64_t(t_.nCCD_L), int64_t(t_.nRRD_L), int64_t(t_.nFAW)}) + 1;
  Pc pc;
  pc.banks.resize(size_t(spec.org.banks_per_pc()));
  pc.groups.resize(size_t(spec.org.bank_groups_per_pc()));
  pcs_.assign(size_t(spec.org.channels * spec.org.pseudo_channels), pc);
  request_lanes_ = cfg.request_lanes;
  lanes_.resize(size_t(spec.org.channels));
  booked_ = std::move(booked);
}

void LtTimingModel::cover(Pc& pc, int64_t upto) { pc.newest = std::max(pc.newest, upto); }

void LtTimingModel::close_row(Bank& b) {
  b.past.fill(PastRow{});
  if (b.row < 0) return;
  b.act_min = std::max(b.act_min, b.pre_min + int64_t(t_.nRP));
  b.row = -1;
}

// Refreshes fall due every interval from cycle 0, as in the core. One is paid when the
// pseudo-channel (all-bank) or its target bank (per-bank) had no access waiting and could be
// precharged before this arrival (the core pays when the banks it needs hold no queued access
// and its PREA / PRE is allowed), or at once when it is urgent (refresh_urgent_owed()). It goes after the
// precharge of the banks it needs, and closes them for tRFC.
void LtTimingModel::pay_refreshes(Pc& pc, int64_t arrival) {
  if (refresh_ == RefreshPolicy::Off) return;
  const bool all_bank = refresh_ == RefreshPolicy::AllBank;
  const int64_t interval = all_bank ? t_.nREFI : t_.nREFIpb;
  for (;;) {
    const int64_t due = int64_t(pc.refreshes + 1) * interval;
    if (due > arrival) return;
    const bool urgent = arrival / interval - int64_t(pc.refreshes) >= refresh_urgent_owed_;
    if (all_bank) {
      if (!urgent && !pc.writes.empty()) return;  // a write waits (checked first: it is cheap)
      // A column booked at or after the arrival keeps the PREA after it too (the scan below
      // could only confirm it): a pseudo-channel streaming ahead of its arrivals returns here.
      if (!urgent && pc.last_col + 1 >= arrival) return;
      // Idle: nothing waits, and the PREA could go out before this access arrived.
      int64_t prea_ready = pc.last_col + 1;
      for (const Bank& b : pc.banks) {
        if (b.row >= 0) prea_ready = std::max(prea_ready, b.pre_min);
      }
      if (prea_ready >= arrival && !urgent) return;
      int64_t at = std::max(due, pc.last_col + 1);
      for (Bank& b : pc.banks) {
        if (b.row >= 0) ++counters_.pre;
        close_row(b);
        at = std::max(at, b.act_min);  // precharged, and tRC after its last ACT
      }
      for (Bank& b : pc.banks) b.act_min = at + int64_t(t_.nRFCab);
    } else {
      Bank& b = pc.banks[pc.refreshes % pc.banks.size()];
      const int64_t pre_ready = b.row >= 0 ? std::max(b.pre_min, b.last_col + 1) : b.last_col + 1;
      if ((pre_ready >= arrival || !pc.writes.empty()) && !urgent) return;
      if (b.row >= 0) ++counters_.pre;
      close_row(b);
      b.act_min = std::max({b.act_min, due, b.last_col + 1}) + int64_t(t_.nRFCpb);
    }
    ++pc.refreshes;
    ++counters_.refresh;
  }
}

// Steps c forward from `from` past every conflict that next_after(c) reports (the cycle to try
// next, or -1 when c is free). A dense calendar has no gap worth a long search: after
// kSearchSteps conflicts it looks only past `latest` (the latest command of its kind booked),
// where only the rules looking back can bind. `ring` and `gap` are the first rule (no other
// command of the kind within gap - 1 cycles): a run of those conflicts is stepped past a word of
// the calendar at a time (CycleRing::walk), each counted as a step, which gives the same cycle
// as stepping one by one. next_after checks the other rules only: it is asked only about cycles
// the walk found free of the first.
template <typename NextAfter>
int64_t LtTimingModel::search(Pc& pc, int64_t from, int64_t latest, const CycleRing& ring, int64_t gap,
                              NextAfter next_after) {
  int64_t c = std::max(from, oldest_usable(pc));
  for (int step = 0;;) {
    if (step == kSearchSteps) c = std::max(c, latest + 1);
    const int before = step;
    c = ring.walk(c, gap, step < kSearchSteps ? kSearchSteps - step : std::numeric_limits<int>::max(), step);
    if (step == kSearchSteps && step != before) continue;  // the jump past `latest` comes first
    cover(pc, c + reach_);
    const int64_t next = next_after(c);
    if (next < 0) return c;
    c = next;
    ++step;
  }
}

// The earliest ACT at or after `from` that keeps tRRD_S (pseudo-channel: search's own rule),
// tRRD_L (bank group) and tFAW against every ACT booked, before it and after it.
int64_t LtTimingModel::book_act(Pc& pc, Group& g, int64_t from) {
  const int64_t rrd_s = t_.nRRD_S, rrd_l = t_.nRRD_L, faw = t_.nFAW;
  const int64_t a = search(pc, from, pc.last_act, pc.act, rrd_s, [&](int64_t c) -> int64_t {
    if (const int64_t x = g.act.last_in(c - rrd_l + 1, c + rrd_l); x >= 0) return x + rrd_l;
    // At most four ACTs in any tFAW window: with three others around it, go past the latest.
    if (faw_binds_ && pc.act.count_in(c - faw + 1, c + faw) >= 3) return pc.act.last_in(c - faw + 1, c + faw) + 1;
    return -1;
  });
  pc.act.mark(a);
  g.act.mark(a);
  pc.last_act = std::max(pc.last_act, a);
  ++counters_.act;
  return a;
}

// The earliest column command at or after `from` that keeps tCCD_S (search's own rule), tCCD_L
// and the read-write turnarounds (tRTW; a write's data plus tWTR_S / tWTR_L) against every
// column booked, before it and after it. Those minimums also keep the pseudo-channel's data
// bursts apart.
int64_t LtTimingModel::find_column(Pc& pc, Group& g, bool is_write, int64_t from) {
  const int64_t ccd_s = t_.nCCD_S, ccd_l = t_.nCCD_L, rtw = t_.nRTW;
  return search(pc, from, pc.last_col, pc.col, ccd_s, [&](int64_t c) -> int64_t {
    if (const int64_t x = g.col.last_in(c - ccd_l + 1, c + ccd_l); x >= 0) return x + ccd_l;
    if (is_write) {
      // A read before it needs tRTW; a read after it waits for its data and tWTR.
      int64_t x = pc.rd.last_in(c - rtw + 1, c + wtr_s_);
      if (x < 0) x = g.rd.last_in(c - rtw + 1, c + wtr_l_);
      return x >= 0 ? x + rtw : -1;
    }
    if (const int64_t x = pc.wr.last_in(c - wtr_s_ + 1, c + rtw); x >= 0) return x + wtr_s_;
    if (const int64_t x = g.wr.last_in(c - wtr_l_ + 1, c + rtw); x >= 0) return x + wtr_l_;
    return -1;
  });
}

void LtTimingModel::mark_column(Pc& pc, Group& g, bool is_write, int64_t c) {
  pc.col.mark(c);
  g.col.mark(c);
  (is_write ? pc.wr : pc.rd).mark(c);
  (is_write ? g.wr : g.rd).mark(c);
  pc.last_col = std::max(pc.last_col, c);
}

int64_t LtTimingModel::admit(Pc& pc, int channel, int64_t offered) {
  std::array<LaneUse, kLaneRing>& lanes = lanes_[size_t(channel)];
  for (int64_t at = offered;; ++at) {
    while (!pc.slot_holders.empty() && pc.slot_holders.top() < at) pc.slot_holders.pop();
    if (pc.slot_holders.size() >= size_t(queue_depth_)) {
      at = pc.slot_holders.top();  // its column frees the slot; the next cycle admits
      continue;
    }
    LaneUse& use = lanes[size_t(at) % kLaneRing];
    if (use.cycle > at) return at;  // its entry holds a later cycle already: no count is kept
    if (use.cycle < at) use = {at, 0};
    if (use.count == request_lanes_) continue;
    ++use.count;
    return at;
  }
}

Cycle LtTimingModel::serve(const DramAddress& a, bool is_write, Cycle offered, uint64_t tag) {
  Pc& pc = pc_of(a);
  const int64_t arrival = admit(pc, a.channel, int64_t(offered));
  // Queued writes drain once the reads leave them a gap (the data bus could have turned round
  // by now), once the oldest has waited write_age_, or once the queue is full.
  if (!pc.writes.empty() && (arrival >= pc.last_read + t_.nRTW || pc.writes.size() >= size_t(queue_depth_) ||
                             arrival >= pc.writes.front().arrival + write_age_)) {
    drain(pc);
  }
  pay_refreshes(pc, arrival);
  Bank& b = bank_of(pc, a);
  // A queued write holds its bank's row: an access to another row waits until it has gone
  // (drain() says when that is).
  if (b.queued_writes > 0 && b.row != a.row && past_row(b, a.row, arrival) == nullptr) drain(pc, &b, arrival);
  if (!is_write) return book(pc, a, false, arrival, tag).done;
  // The core opens a queued write's row as soon as its bank has no hit left to serve; only its
  // column waits for the reads to leave the data bus.
  RowOutcome opened = RowOutcome::Hit;
  if (!closed_page_ && b.row != a.row && past_row(b, a.row, arrival) == nullptr) {
    opened = open_row(pc, b, pc.groups[size_t(a.bank_group)], a.row, arrival + 1);
  }
  ++b.queued_writes;
  pc.writes.push_back({a, arrival, tag, opened});
  return Cycle(column_if_booked(pc, a, true, arrival) + t_.nCWL + t_.nBL);
}

void LtTimingModel::drain(Pc& pc, const Bank* needed, int64_t needed_at) {
  std::vector<QueuedWrite> writes;
  writes.swap(pc.writes);
  for (const QueuedWrite& w : writes) bank_of(pc, w.addr).queued_writes = 0;
  for (const QueuedWrite& w : writes) {
    // A write holding the bank that an access to another row needs goes no earlier than halfway
    // from its own arrival to that access's. The calendar's gaps before that access are ones
    // the core's write may take, or may lose to reads the core issues there and the model
    // booked elsewhere; its first gap is too soon on the closed-loop decodes (their steps -8 %),
    // the first from that access on too late (their replayed arrivals' latency +10 %), and
    // halfway is what those measurements favour (docs/timing-model.md, "How it books").
    int64_t from = w.arrival;
    if (needed != nullptr && &bank_of(pc, w.addr) == needed) from += std::max<int64_t>(0, needed_at - w.arrival) / 2;
    book(pc, w.addr, true, from, w.tag, w.opened);
  }
}

void LtTimingModel::drain_all() {
  for (Pc& pc : pcs_) drain(pc);
}

int64_t LtTimingModel::column_if_booked(Pc& pc, const DramAddress& a, bool is_write, int64_t arrival) {
  const Bank& b = bank_of(pc, a);
  int64_t ready = is_write ? b.col_ready_wr : b.col_ready_rd;
  if (b.row != a.row) {
    const int64_t pre_done = b.row >= 0 ? std::max(arrival + 1, b.pre_min) + t_.nRP : 0;
    ready = std::max({arrival + 1, b.act_min, pre_done}) + (is_write ? t_.nRCDWR : t_.nRCDRD);
  }
  return find_column(pc, pc.groups[size_t(a.bank_group)], is_write, std::max(arrival + 1, ready));
}

// Books the PRE (when another row is open) and the ACT that open `row` in bank b, from `earliest`.
RowOutcome LtTimingModel::open_row(Pc& pc, Bank& b, Group& g, int64_t row, int64_t earliest) {
  RowOutcome outcome = RowOutcome::Miss;
  int64_t act_from = std::max(earliest, b.act_min);
  if (b.row >= 0) {
    outcome = RowOutcome::Conflict;
    const int64_t pre = std::max(earliest, b.pre_min);
    act_from = std::max({act_from, pre + int64_t(t_.nRP), b.act + int64_t(t_.nRC)});
    ++counters_.pre;
    std::copy_backward(b.past.begin(), b.past.end() - 1, b.past.end());
    const int hits_left = std::max(0, row_hit_cap_ - b.hits_served);
    b.past.front() = {b.row, pre, b.last_col, b.col_ready_rd, b.col_ready_wr, hits_left};
  }
  const int64_t act = book_act(pc, g, act_from);
  b.row = row;
  b.act = act;
  b.col_ready_rd = act + t_.nRCDRD;
  b.col_ready_wr = act + t_.nRCDWR;
  b.pre_min = act + t_.nRAS;
  b.act_min = act + t_.nRC;
  b.hits_served = 0;
  return outcome;
}

LtTimingModel::PastRow* LtTimingModel::past_row(Bank& b, int64_t row, int64_t arrival) {
  if (b.row == row) return nullptr;
  for (PastRow& p : b.past) {
    if (p.row == row && p.hits_left > 0 && (arrival < p.pre || arrival <= p.last_col)) return &p;
  }
  return nullptr;
}

LtTimingModel::Result LtTimingModel::book(Pc& pc, const DramAddress& a, bool is_write, int64_t arrival, uint64_t tag,
                                          RowOutcome opened) {
  Bank& b = bank_of(pc, a);
  Group& g = pc.groups[size_t(a.bank_group)];
  const int64_t earliest = arrival + 1;
  // Closed page: the row was precharged after its last column, unless this access would have
  // been queued by then (the core keeps a row open for a queued hit).
  if (closed_page_ && !(b.row == a.row && arrival <= b.last_col)) close_row(b);

  RowOutcome outcome = opened;
  int64_t col = 0;
  PastRow* past = past_row(b, a.row, arrival);
  if (past != nullptr) {
    col = find_column(pc, g, is_write, std::max(earliest, is_write ? past->col_ready_wr : past->col_ready_rd));
    past->last_col = std::max(past->last_col, col);
    --past->hits_left;
  } else {
    if (b.row != a.row) outcome = open_row(pc, b, g, a.row, earliest);
    col = find_column(pc, g, is_write, std::max(earliest, is_write ? b.col_ready_wr : b.col_ready_rd));
    b.pre_min = std::max(b.pre_min, is_write ? col + int64_t(t_.nCWL + t_.nBL + t_.nWR) : col + int64_t(t_.nRTP));
    ++b.hits_served;
  }
  mark_column(pc, g, is_write, col);
  if (!is_write) pc.slot_holders.push(col);
  b.last_col = std::max(b.last_col, col);
  if (!is_write) pc.last_read = std::max(pc.last_read, col);

  ++(is_write ? counters_.writes : counters_.reads);
  const Result result{Cycle(col + (is_write ? t_.nCWL : t_.nCL) + t_.nBL), outcome};
  if (booked_) booked_(tag, a, is_write, result);
  return result;
}

}  // namespace aimc
