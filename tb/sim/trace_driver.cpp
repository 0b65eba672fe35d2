#include "tb/sim/trace_driver.h"

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
    : spec_(spec), controller_(spec, cfg, *this) {
  stats_.bytes_per_channel.assign(size_t(spec.org.channels), 0);
  in_flight_.reserve(4096);
}

Cycle TraceDriver::arrival_cycle(uint64_t time_ps) const {
  return Cycle(std::ceil(double(time_ps) / spec_.tCK_ps - 1e-9));
}

bool TraceDriver::offer(const TraceRequest& r, Cycle now) {
  const uint64_t unit = uint64_t(spec_.org.access_bytes);
  const uint64_t first = r.address / unit;
  const uint64_t count = (r.address + r.bytes - 1) / unit - first + 1;
  if (next_access_of_request_ == 0) {
    in_flight_[next_request_id_] = InFlight{arrival_cycle(r.time_ps), int(count), 0, r.is_write};
  }
  while (next_access_of_request_ < count) {
    const DramAddress a = controller_.address_map().decode((first + next_access_of_request_) * unit);
    if (!controller_.can_accept(a)) return false;
    controller_.enqueue(next_request_id_, r.is_write, a, now);
    ++next_access_of_request_;
  }
  (r.is_write ? stats_.write_requests : stats_.read_requests)++;
  ++next_request_id_;
  next_access_of_request_ = 0;
  return true;
}

RunStats TraceDriver::run(TraceReader& trace) {
  const auto wall_start = std::chrono::steady_clock::now();
  auto last_report = wall_start;
  TraceRequest pending;
  bool have_pending = trace.next(pending);
  Cycle now = 0;  // refresh is due from cycle 0, so time starts there whatever the trace says
  Cycle last_progress = now;
  uint64_t iterations = 0;
  uint64_t completed_before = 0;
  const Cycle stuck_after = kStuckRefreshIntervals * Cycle(spec_.t.nREFI);

  while (have_pending || controller_.queued() > 0) {
    bool stalled = false;
    while (have_pending && arrival_cycle(pending.time_ps) <= now) {
      if (!offer(pending, now)) {
        stalled = true;
        break;
      }
      have_pending = trace.next(pending);
    }
    controller_.advance(now);

    Cycle next = controller_.next_event();
    if (have_pending && !stalled) next = std::min(next, std::max(arrival_cycle(pending.time_ps), now + 1));
    if (stalled) stats_.stall_cycles += next - now;

    const uint64_t completed = stats_.read_accesses + stats_.write_accesses;
    if (completed != completed_before) {
      completed_before = completed;
      last_progress = now;
    } else if (controller_.queued() > 0 && now - last_progress > stuck_after) {
      throw std::runtime_error("controller made no progress for " + std::to_string(now - last_progress) +
                               " cycles with " + std::to_string(controller_.queued()) +
                               " accesses queued (model bug)");
    }
    if (progress_ && (++iterations & 0x3FFF) == 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_report > std::chrono::milliseconds(250)) {
        last_report = t;
        progress_(trace.file_bytes() ? double(trace.bytes_read()) / double(trace.file_bytes()) : 0.0);
      }
    }
    now = next;
  }
  stats_.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return stats_;
}

void TraceDriver::on_command(const CommandRecord& r) {
  ++stats_.commands[index_of(r.command)];
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
  auto it = in_flight_.find(a.request_id);
  InFlight& req = it->second;
  if (done > req.done) req.done = done;
  if (--req.remaining == 0) {
    (req.is_write ? stats_.write_latency_cycles : stats_.read_latency_cycles).push_back(req.done - req.arrival);
    in_flight_.erase(it);
  }
  for (ControllerListener* l : listeners_) l->on_access_done(a, outcome, done);
}

}  // namespace aimc
