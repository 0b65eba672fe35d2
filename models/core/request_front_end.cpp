#include "models/core/request_front_end.h"

#include <stdexcept>
#include <string>

namespace aimc {

namespace {
constexpr uint32_t kMaxPorts = 1 << 16;
}

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

bool RequestFrontEnd::admit_port(Port& port, Cycle now) {
  const uint64_t unit = uint64_t(controller_.spec().org.access_bytes);
  port.blocked = false;
  while (!port.waiting.empty() && port.waiting.front().arrival <= now) {
    const FrontEndRequest& r = port.waiting.front();
    const uint64_t first = r.address / unit;
    const uint64_t count = (r.address + r.bytes - 1) / unit - first + 1;
    if (port.next_access == 0) in_flight_[r.id] = InFlight{r.arrival, int(count), 0, r.is_write, r.stream_class, r.group};
    while (port.next_access < count) {
      const DramAddress a = controller_.address_map().decode((first + port.next_access) * unit);
      if (!controller_.can_accept(a, r.stream_class, r.arrival, now)) {
        controller_.note_blocked(a, r.stream_class, now);
        port.blocked = true;
        return false;
      }
      controller_.enqueue(r.id, r.is_write, r.stream_class, a, now);
      ++port.next_access;
    }
    port.next_access = 0;
    port.waiting.pop_front();
    --waiting_;
  }
  return true;
}

bool RequestFrontEnd::admit(Cycle now) {
  bool all = true;
  const size_t n = ports_.size();
  for (size_t i = 0; i < n; ++i) all &= admit_port(ports_[(size_t(now % n) + i) % n], now);
  return all;
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
  out = {a.request_id, req.arrival, req.done, req.is_write, req.stream_class, req.group};
  in_flight_.erase(it);
  return true;
}

}  // namespace aimc
