#include "tb/sim/trace_driver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

namespace aimc {
namespace {
// A controller that queues work but completes nothing for this many refresh intervals is stuck.
constexpr uint64_t kStuckRefreshIntervals = 64;
}  // namespace

TraceDriver::TraceDriver(const MemSpec& spec, const ControllerConfig& cfg)
    : spec_(spec), controller_(spec, cfg, *this), front_end_(controller_) {
  stats_.bytes_per_channel.assign(size_t(spec.org.channels), 0);
  last_column_.resize(size_t(spec.org.channels * spec.org.pseudo_channels));
}

Cycle TraceDriver::arrival_cycle(uint64_t time_ps) const {
  return Cycle(std::ceil(double(time_ps) / spec_.tCK_ps - 1e-9));
}

RunStats TraceDriver::run(RequestSource& source) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  // Keep a window of trace requests in the front end: enough to fill every queue, bounded in
  // memory whatever the trace length.
  const size_t window = size_t(spec_.org.channels) * size_t(spec_.org.pseudo_channels) * 256;
  TraceRequest r;
  bool trace_left = true;
  uint64_t next_id = 0;
  auto refill = [&] {
    while (trace_left && next_id - (stats_.read_requests + stats_.write_requests) < window) {
      trace_left = source.next(r);
      if (trace_left) {
        front_end_.push(
            {next_id++, arrival_cycle(r.time_ps), r.is_write, r.address, r.bytes, r.stream_class, r.group});
      }
    }
  };
  Cycle now = 0;  // refresh is due from cycle 0, so time starts there whatever the trace says
  Cycle last_progress = now;
  uint64_t iterations = 0, completed_before = 0;
  const Cycle stuck_after = kStuckRefreshIntervals * Cycle(spec_.t.nREFI);

  refill();
  while (!front_end_.empty() || controller_.queued() > 0) {
    const bool admitted_all = front_end_.admit(now);
    controller_.advance(now);
    const Cycle next = front_end_.next_step(controller_.next_event(), now, admitted_all);
    if (!admitted_all) stats_.stall_cycles += next - now;

    const uint64_t completed = stats_.read_accesses + stats_.write_accesses;
    if (completed != completed_before) {
      completed_before = completed;
      last_progress = now;
    } else if (controller_.queued() > 0 && now - last_progress > stuck_after) {
      throw std::runtime_error("controller made no progress for " + std::to_string(now - last_progress) +
                               " cycles with " + std::to_string(controller_.queued()) +
                               " accesses queued (model bug)");
    }
    if ((++iterations & 0x3FF) == 0) refill();
    if (progress_ && (iterations & 0x3FFF) == 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_report > std::chrono::milliseconds(250)) {
        last_report = t;
        progress_(source.progress());
      }
    }
    if (front_end_.empty()) refill();
    now = next;
  }
  stats_.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return stats_;
}

// Column commands of one pseudo-channel in a row: a switch of bank group, or a same-group pair
// that paid tCCD_L where another group would have paid only tCCD_S.
void TraceDriver::count_column(const CommandRecord& r) {
  LastColumn& last = last_column_[size_t(r.addr.channel * spec_.org.pseudo_channels + r.addr.pseudo_channel)];
  if (last.cycle != kNever) {
    if (last.bank_group != r.addr.bank_group) {
      ++stats_.bank_group_switches;
    } else {
      const Cycle gap = std::min(r.cycle - last.cycle, Cycle(spec_.t.nCCD_L));
      if (gap > Cycle(spec_.t.nCCD_S)) {
        ++stats_.tccd_l_stalls;
        stats_.tccd_l_stall_cycles += gap - Cycle(spec_.t.nCCD_S);
      }
    }
  }
  last = {r.cycle, r.addr.bank_group};
}

void TraceDriver::on_command(const CommandRecord& r) {
  ++stats_.commands[index_of(r.command)];
  if (is_column(r.command)) count_column(r);
  for (ControllerListener* l : listeners_) l->on_command(r);
}

void TraceDriver::on_access_done(const Access& a, RowOutcome outcome, Cycle done) {
  (a.is_write ? stats_.write_accesses : stats_.read_accesses)++;
  switch (outcome) {
    case RowOutcome::Hit: ++stats_.row_hits; break;
    case RowOutcome::Miss: ++stats_.row_misses; break;
    case RowOutcome::Conflict: ++stats_.row_conflicts; break;
  }
  stats_.bytes_per_channel[a.addr.channel] += uint64_t(spec_.org.access_bytes);
  if (done > stats_.last_done) stats_.last_done = done;
  CompletedRequest req;
  if (front_end_.on_access_done(a, done, req)) {
    (req.is_write ? stats_.write_requests : stats_.read_requests)++;
    (req.is_write ? stats_.write_latency_cycles : stats_.read_latency_cycles).push_back(req.done - req.arrival);
    stats_.class_latency_cycles[size_t(req.stream_class)].push_back(req.done - req.arrival);
    if (req.group != kNoGroup) {
      auto [it, fresh] = stats_.groups.try_emplace(req.group, GroupSpan{req.arrival, req.done});
      if (!fresh) {
        it->second.first_arrival = std::min(it->second.first_arrival, req.arrival);
        it->second.last_done = std::max(it->second.last_done, req.done);
      }
    }
  }
  for (ControllerListener* l : listeners_) l->on_access_done(a, outcome, done);
}

}  // namespace aimc
