#include "tb/sim/trace_driver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/core/timing_rules.h"

namespace aimc {
namespace {
// A controller that queues work but completes nothing for this many refresh intervals is stuck.
constexpr uint64_t kStuckRefreshIntervals = 64;
}  // namespace

TraceDriver::TraceDriver(const MemSpec& spec, const ControllerConfig& cfg, const BackendFactory& backend)
    : spec_(spec),
      read_modify_write_(cfg.read_modify_write),
      controller_(backend ? backend(spec, cfg, *this) : std::make_unique<MemoryController>(spec, cfg, *this)),
      front_end_(*controller_, cfg.port_arbitration),
      collector_(spec) {}

void TraceDriver::set_issue_limits(std::vector<IssueLimits> limits) {
  gate_ = std::make_unique<IssueGate>(std::move(limits));
  if (!gate_->any_gated()) gate_.reset();
}

Cycle TraceDriver::arrival_cycle(uint64_t time_ps) const {
  return spec_.arrival_cycle(double(time_ps));
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
  uint64_t read = 0;
  Cycle last_arrival = 0;
  // A request's id is its position in the source, whenever the gate lets it go (the TLM
  // initiator names its transactions the same way, so runs can be compared request by request).
  auto push = [&](const TraceRequest& q, Cycle arrival) {
    FrontEndRequest f{q.id, arrival, q.is_write, q.address, q.bytes, q.stream_class, q.group,
                      port_of(q.stream_id, q.stream_class)};
    if (read_modify_write_) mark_partial_writes(f, uint32_t(spec_.org.access_bytes), false);
    for (ControllerListener* l : listeners_) l->on_request_arrival(f);
    front_end_.push(f);
  };
  auto refill = [&](Cycle until) {
    while (trace_left && (read - collector_.stats().completed_requests() < window ||
                          (front_end_.ports() > 1 && last_arrival <= until))) {
      trace_left = source.next(r);
      if (trace_left) {
        r.id = read++;
        last_arrival = arrival_cycle(r.time_ps);
        if (gated(r)) {
          gate_->offer(r, last_arrival);
        } else {
          push(r, last_arrival);
        }
      }
    }
  };
  // Gated requests the gate lets go at `now` arrive at `now`.
  auto issue_gated = [&](Cycle now) {
    if (!gate_) return;
    TraceRequest q;
    while (gate_->pop(now, q)) push(q, now);
  };
  // The next step: the front end's and the controller's, or the gate's next issue.
  auto next_step = [&](Cycle now) {
    const Cycle next = front_end_.next_step(controller_->next_event(), now);
    return gate_ ? std::min(next, gate_->next_issue(now + 1)) : next;
  };
  Cycle now = 0;  // refresh is due from cycle 0, so time starts there whatever the trace says
  Cycle last_progress = now;
  uint64_t iterations = 0, completed_before = 0;
  // Long enough for any legal wait: refresh intervals, or the longest timing rule a memspec sets.
  int longest = std::max(spec_.t.nREFI, spec_.t.nFAW);
  for (const TimingRule& rule : build_timing_rules(spec_.t)) longest = std::max(longest, rule.latency);
  const Cycle stuck_after = kStuckRefreshIntervals * Cycle(longest);

  refill(now);
  // The run lasts until the last data beat has moved: a backend that answers accesses then (the
  // RTL's response port) and one that knows the time at the column command (the core) cover
  // the same cycles, refresh commands in the tail included.
  while (!front_end_.empty() || (gate_ && !gate_->empty()) || controller_->queued() > 0 || trace_left ||
         now <= collector_.stats().last_done) {
    // Waiting with no request in the controller (a gap in the trace) is not being stuck.
    if (front_end_.in_flight() == 0) last_progress = now;
    issue_gated(now);
    const bool admitted_all = front_end_.admit(now);
    controller_->advance(now);
    Cycle next = next_step(now);
    ++iterations;
    if (trace_left && (last_arrival <= next || front_end_.empty() || (iterations & 0x3FF) == 0)) {
      refill(next == kNever ? now : next);
      next = next_step(now);
    }
    if (!admitted_all) collector_.stats().stall_cycles += next - now;

    const uint64_t completed = collector_.stats().read_accesses + collector_.stats().write_accesses;
    if (completed != completed_before) {
      completed_before = completed;
      last_progress = now;
    } else if (controller_->queued() > 0 && now - last_progress > stuck_after) {
      throw std::runtime_error("controller made no progress for " + std::to_string(now - last_progress) +
                               " cycles with " + std::to_string(controller_->queued()) +
                               " accesses queued (model bug)");
    }
    // A look at the clock every 256 events: cheap for the core, often enough for the RTL, whose
    // events take microseconds each.
    if (progress_ && (iterations & 0xFF) == 0) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last_report > std::chrono::milliseconds(250)) {
        last_report = t;
        progress_(source.progress());
      }
    }
    now = next;
  }
  collector_.stats().wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return collector_.stats();
}

void TraceDriver::on_access_queued(const Access& a, Cycle now) {
  for (ControllerListener* l : listeners_) l->on_access_queued(a, now);
}

void TraceDriver::on_command(const CommandRecord& r) {
  collector_.on_command(r);
  for (ControllerListener* l : listeners_) l->on_command(r);
}

void TraceDriver::on_read_data(const Access& a, const BurstData& data, Cycle cycle) {
  for (ControllerListener* l : listeners_) l->on_read_data(a, data, cycle);
}

void TraceDriver::on_access_done(const Access& a, RowOutcome outcome, Cycle done) {
  collector_.on_access_done(a, outcome, done);
  CompletedRequest req;
  if (front_end_.on_access_done(a, outcome, done, req)) {
    collector_.on_request_done(req);
    if (gate_) gate_->on_done(stream_of_port(req.port), req.group, req.done);
    for (ControllerListener* l : listeners_) l->on_request_done(req);
  }
  for (ControllerListener* l : listeners_) l->on_access_done(a, outcome, done);
}

}  // namespace aimc
