#include "tb/traffic/issue_gate.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

namespace aimc {

std::vector<IssueLimits> issue_limits_of(const TrafficSpec& traffic) {
  std::vector<IssueLimits> limits;
  for (const StreamSpec& s : traffic.streams) {
    if (s.stream_id >= limits.size()) limits.resize(s.stream_id + 1);
    limits[s.stream_id] = {s.max_outstanding, s.step_barrier};
  }
  return limits;
}

IssueGate::IssueGate(std::vector<IssueLimits> limits) {
  streams_.resize(limits.size());
  for (size_t i = 0; i < limits.size(); ++i) {
    streams_[i].limits = limits[i];
    if (limits[i].any()) ++gated_streams_;
  }
}

void IssueGate::offer(const TraceRequest& r, Cycle arrival) {
  if (!gated(r.stream_id)) throw std::logic_error("IssueGate: stream " + std::to_string(r.stream_id) + " has no limits");
  streams_[r.stream_id].held.push_back({r, arrival});
  ++held_;
}

void IssueGate::forget_freed(Stream& s, Cycle now) {
  while (!s.slot_free.empty() && *s.slot_free.begin() <= now) s.slot_free.erase(s.slot_free.begin());
}

Cycle IssueGate::earliest(const Stream& s, Cycle now) const {
  const Held& front = s.held.front();
  Cycle t = std::max(now, front.arrival);
  if (s.limits.step_barrier && s.group != kNoGroup && front.request.group != s.group) {
    if (s.unanswered > 0) return kNever;  // the step's last responses are not known yet
    t = std::max(t, s.group_end);
  }
  const uint64_t max = s.limits.max_outstanding;
  if (max > 0) {
    if (s.unanswered >= max) return kNever;
    // Busy at t: the unanswered plus the answered whose slot frees after t. That is below max
    // once t reaches the (n - room)-th smallest freeing cycle, room = max - unanswered.
    const uint64_t room = max - s.unanswered;
    const uint64_t n = s.slot_free.size();
    if (n >= room) t = std::max(t, *std::next(s.slot_free.begin(), long(n - room)));
  }
  return t;
}

bool IssueGate::pop(Cycle now, TraceRequest& out) {
  for (Stream& s : streams_) {
    if (s.held.empty()) continue;
    forget_freed(s, now);
    if (earliest(s, now) > now) continue;
    out = s.held.front().request;
    s.held.pop_front();
    --held_;
    if (out.group != s.group) {
      s.group = out.group;
      s.group_end = 0;
    }
    ++s.unanswered;
    return true;
  }
  return false;
}

Cycle IssueGate::next_issue(Cycle now) const {
  Cycle next = kNever;
  for (const Stream& s : streams_) {
    if (!s.held.empty()) next = std::min(next, earliest(s, now));
  }
  return next;
}

void IssueGate::on_done(uint32_t stream_id, uint64_t group, Cycle done) {
  if (!gated(stream_id)) return;
  Stream& s = streams_[stream_id];
  if (s.unanswered == 0) {
    throw std::logic_error("IssueGate: a response of stream " + std::to_string(stream_id) + " that was not issued");
  }
  --s.unanswered;
  if (s.limits.max_outstanding > 0) s.slot_free.insert(done + 1);
  if (group == s.group) s.group_end = std::max(s.group_end, done + 1);
}

uint64_t IssueGate::in_flight(uint32_t stream_id) const {
  return gated(stream_id) ? streams_[stream_id].unanswered : 0;
}

}  // namespace aimc
