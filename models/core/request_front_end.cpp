#include "models/core/request_front_end.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aimc {

namespace {
constexpr uint32_t kMaxPorts = 1 << 16;
}

RequestFrontEnd::RequestFrontEnd(ControllerBackend& controller)
    : controller_(controller), lanes_used_(size_t(controller.spec().org.channels)) {}

void RequestFrontEnd::push(const FrontEndRequest& r) {
  if (r.port >= kMaxPorts) throw std::invalid_argument("request port " + std::to_string(r.port) + " >= 65536");
  if (r.port >= ports_.size()) ports_.resize(r.port + 1);
  Port& port = ports_[r.port];
  if (!port.used) {
    port.used = true;
    ++used_ports_;
  }
  port.waiting.push_back(r);
  ++waiting_;
}

void mark_partial_writes(FrontEndRequest& r, uint32_t access_bytes, bool masked) {
  if (!r.is_write || r.bytes == 0) return;
  r.rmw_every = masked;
  r.rmw_first = r.address % access_bytes != 0 || r.bytes < access_bytes;
  r.rmw_last = (r.address + r.bytes) % access_bytes != 0;
}

uint64_t RequestFrontEnd::steps_of(const FrontEndRequest& r, uint64_t blocks) {
  if (r.rmw_every) return 2 * blocks;
  if (blocks == 1) return blocks + ((r.rmw_first || r.rmw_last) ? 1 : 0);
  return blocks + (r.rmw_first ? 1 : 0) + (r.rmw_last ? 1 : 0);
}

RequestFrontEnd::Step RequestFrontEnd::step_of(const FrontEndRequest& r, uint64_t blocks, uint64_t k) {
  if (r.rmw_every) return {k / 2, k % 2 == 1};
  const bool first_rmw = r.rmw_first || (blocks == 1 && r.rmw_last);
  if (first_rmw && k <= 1) return {0, k == 1};
  const uint64_t shift = first_rmw ? 1 : 0;  // the extra read of block 0
  const uint64_t last_read = blocks - 1 + shift;
  if (r.rmw_last && blocks > 1 && k >= last_read) return {blocks - 1, k > last_read};
  return {k - shift, r.is_write};
}

bool RequestFrontEnd::admit_port(Port& port, Cycle now) {
  const uint64_t unit = uint64_t(controller_.spec().org.access_bytes);
  port.blocked = false;
  while (!port.waiting.empty() && port.waiting.front().arrival <= now) {
    const FrontEndRequest& r = port.waiting.front();
    const uint64_t first = r.address / unit;
    const uint64_t blocks = (r.address + r.bytes - 1) / unit - first + 1;
    const uint64_t count = steps_of(r, blocks);
    if (port.next_access == 0) {
      in_flight_[r.id] = InFlight{r.arrival, int(count), 0, r.is_write, r.stream_class, r.group, r.port, uint32_t(count)};
    }
    while (port.next_access < count) {
      const Step step = step_of(r, blocks, port.next_access);
      const DramAddress a = controller_.address_map().decode((first + step.block) * unit);
      LanesUsed& lanes = lanes_used_[size_t(a.channel)];
      if (lanes.cycle != now) lanes = {now, 0};
      if (lanes.count == controller_.request_lanes()) return true;  // every lane taken this cycle
      ++lanes.count;
      if (!controller_.offer(r.id, step.is_write, r.stream_class, r.arrival, a, now)) {
        port.blocked = true;
        ++blocked_ports_;
        return false;
      }
      ++port.next_access;
    }
    const uint64_t admitted = r.id;
    port.next_access = 0;
    port.waiting.pop_front();
    --waiting_;
    if (on_admitted_) on_admitted_(admitted, now);
  }
  return true;
}

bool RequestFrontEnd::admission_due(Cycle now) const {
  if (next_arrival() <= now) return true;
  if (blocked_ports_ == 0) return false;
  const Cycle freed = controller_.last_column_cycle();
  return freed != kNever && freed + 1 == now;
}

bool RequestFrontEnd::admit(Cycle now) {
  if (!admission_due(now)) return blocked_ports_ == 0;
  blocked_ports_ = 0;
  const size_t n = ports_.size();
  for (size_t i = 0; i < n; ++i) admit_port(ports_[(size_t(now % n) + i) % n], now);
  return blocked_ports_ == 0;
}

Cycle RequestFrontEnd::next_step(Cycle controller_next, Cycle now) const {
  Cycle at = next_arrival();
  if (at != kNever && at <= now) at = now + 1;
  if (blocked_ports_ > 0 && controller_.last_column_cycle() == now) at = std::min(at, now + 1);
  return std::min(at, controller_next);
}

Cycle RequestFrontEnd::next_arrival() const {
  Cycle next = kNever;
  for (const Port& p : ports_) {
    if (!p.blocked && !p.waiting.empty() && p.waiting.front().arrival < next) next = p.waiting.front().arrival;
  }
  return next;
}

bool RequestFrontEnd::on_access_done(const Access& a, Cycle done, CompletedRequest& out) {
  auto it = in_flight_.find(a.request_id);
  InFlight& req = it->second;
  if (done > req.done) req.done = done;
  if (--req.remaining > 0) return false;
  out = {a.request_id, req.arrival, req.done, req.is_write, req.stream_class, req.group, req.port, req.accesses};
  in_flight_.erase(it);
  return true;
}

}  // namespace aimc
