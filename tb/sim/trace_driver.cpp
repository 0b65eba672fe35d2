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

TraceDriver::TraceDriver(const MemSpec& spec, const ControllerConfig& cfg, const BackendFactory& backend)
    : spec_(spec),
      controller_(backend ? backend(spec, cfg, *this) : std::make_unique<MemoryController>(spec, cfg, *this)),
      front_end_(*controller_) {
  stats_.bytes_per_channel.assign(size_t(spec.org.channels), 0);
  last_column_.resize(size_t(spec.org.channels * spec.org.pseudo_channels));
}

Cycle TraceDriver::arrival_cycle(uint64_t time_ps) const {
  return Cycle(std::ceil(double(time_ps) / spec_.tCK_ps - 1e-9));
}

RunStats TraceDriver::run(RequestSource& source) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  // Read ahead a window of requests (enough to fill every queue). With several ports, also
  // every request that has arrived by the next step, so that a port stopped at a full queue
  // never holds back the others through the reading; memory then grows only while the offered
  // load exceeds what the controller serves. One port gains nothing from that, so a saturating
  // single-stream trace stays bounded by the window.
  const size_t window = size_t(spec_.org.channels) * size_t(spec_.org.pseudo_channels) * 256;
  TraceRequest r;
  bool trace_left = true;
  uint64_t next_id = 0;
  Cycle last_arrival = 0;
  auto refill = [&](Cycle until) {
    while (trace_left && (next_id - (stats_.read_requests + stats_.write_requests) < window ||
                          (front_end_.ports() > 1 && last_arrival <= until))) {
      trace_left = source.next(r);
      if (trace_left) {
        last_arrival = arrival_cycle(r.time_ps);
        front_end_.push({next_id++, last_arrival, r.is_write, r.address, r.bytes, r.stream_class, r.group,
                          port_of(r.stream_id, r.stream_class)});
      }
    }
  };
  Cycle now = 0;  // refresh is due from cycle 0, so time starts there whatever the trace says
  Cycle last_progress = now;
  uint64_t iterations = 0, completed_before = 0;
  const Cycle stuck_after = kStuckRefreshIntervals * Cycle(spec_.t.nREFI);

  refill(now);
  while (!front_end_.empty() || controller_->queued() > 0 || trace_left) {
    const bool admitted_all = front_end_.admit(now);
    controller_->advance(now);
    Cycle next = front_end_.next_step(controller_->next_event(), now);
    ++iterations;
    if (trace_left && (last_arrival <= next || front_end_.empty() || (iterations & 0x3FF) == 0)) {
      refill(next == kNever ? now : next);
      next = front_end_.next_step(controller_->next_event(), now);
    }
    if (!admitted_all) stats_.stall_cycles += next - now;

    const uint64_t completed = stats_.read_accesses + stats_.write_accesses;
    if (completed != completed_before) {
      completed_before = completed;
      last_progress = now;
    } else if (controller_->queued() > 0 && now - last_progress > stuck_after) {
      throw std::runtime_error("controller made no progress for " + std::to_string(now - last_progress) +
                               " cycles with " + std::to_string(controller_->queued()) +
                               " accesses queued (model bug)");
    }
    if (progress_ && (iterations & 0x3FFF) == 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_report > std::chrono::milliseconds(250)) {
        last_report = t;
        progress_(source.progress());
      }
    }
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

void TraceDriver::on_access_queued(const Access& a, Cycle now) {
  for (ControllerListener* l : listeners_) l->on_access_queued(a, now);
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
    const Cycle latency = req.done - req.arrival;
    stats_.latency_cycles[size_t(req.stream_class)][req.is_write].push_back(
        uint32_t(std::min<Cycle>(latency, UINT32_MAX)));
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
