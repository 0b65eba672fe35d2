#include "models/core/request_front_end.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace aimc {

RequestFrontEnd::RequestFrontEnd(ControllerBackend& controller, PortArbitration arbitration)
    : controller_(controller),
      lanes_used_(size_t(controller.spec().org.channels)),
      ready_(size_t(controller.spec().org.channels)),
      arbitration_(arbitration),
      next_in_pass_(size_t(controller.spec().org.channels), kNoPort) {}

void RequestFrontEnd::push(const FrontEndRequest& r) {
  if (r.port >= kMaxFrontEndPorts) {
    throw std::invalid_argument("request port " + std::to_string(r.port) + " >= " + std::to_string(kMaxFrontEndPorts));
  }
  if (r.port >= ports_.size()) ports_.resize(r.port + 1);
  Port& port = ports_[r.port];
  if (!port.used) {
    port.used = true;
    ++used_ports_;
  }
  port.waiting.push_back(r);
  ++waiting_;
  if (port.waiting.size() == 1) place(r.port, admitted_until_);
}

void RequestFrontEnd::place(uint32_t id, Cycle now) {
  Port& port = ports_[id];
  const bool ready = !port.waiting.empty() && port.waiting.front().arrival <= now;
  const int channel = ready ? next_address(port).channel : -1;
  if (ready && port.where == Port::Where::Ready && port.ready_channel == channel) return;  // stays
  if (port.where == Port::Where::Ready) {
    ready_[size_t(port.ready_channel)].erase(id);
    --ready_ports_;
  }
  if (port.where == Port::Where::Future) future_.erase({port.future_key, id});
  port.where = Port::Where::None;
  if (port.waiting.empty()) return;
  if (ready) {
    port.where = Port::Where::Ready;
    port.ready_channel = channel;
    rotation_ports_ = std::max(rotation_ports_, id + 1);
    ready_[size_t(channel)].insert(id);
    ++ready_ports_;
    // Ready during a pass, ahead of it (a request pushed from inside the admitted observer):
    // visited in this pass, as a full scan would.
    if (pass_cursor_ != kNoPort && id >= pass_cursor_) {
      next_in_pass_[size_t(channel)] = std::min(next_in_pass_[size_t(channel)], id);
    }
  } else {
    port.where = Port::Where::Future;
    port.future_key = port.waiting.front().arrival;
    future_.insert({port.future_key, id});
  }
}

const DramAddress& RequestFrontEnd::next_address(Port& port) {
  if (port.decoded_step != port.next_access) {
    const FrontEndRequest& r = port.waiting.front();
    const uint64_t unit = uint64_t(controller_.spec().org.access_bytes);
    const uint64_t first = r.address / unit;
    const uint64_t blocks = (r.address + r.bytes - 1) / unit - first + 1;
    port.decoded = controller_.address_map().decode((first + step_of(r, blocks, port.next_access).block) * unit);
    port.decoded_step = port.next_access;
  }
  return port.decoded;
}

uint32_t RequestFrontEnd::first_ready(size_t c, uint32_t from) const {
  const auto it = ready_[c].lower_bound(from);
  return it == ready_[c].end() ? kNoPort : *it;
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
  while (!port.waiting.empty() && port.waiting.front().arrival <= now) {
    const FrontEndRequest& r = port.waiting.front();
    const uint64_t first = r.address / unit;
    const uint64_t blocks = (r.address + r.bytes - 1) / unit - first + 1;
    const uint64_t count = steps_of(r, blocks);
    while (port.next_access < count) {
      const Step step = step_of(r, blocks, port.next_access);
      const DramAddress& a = next_address(port);  // a port retrying at a full queue decodes once
      LanesUsed& lanes = lanes_used_[size_t(a.channel)];
      if (lanes.cycle != now) lanes = {now, 0};
      if (lanes.count == controller_.request_lanes()) return true;  // every lane taken this cycle
      if (++lanes.count == controller_.request_lanes()) ++channels_full_;
      if (!port.head_registered) {
        in_flight_[r.id] =
            InFlight{r.arrival, int(count), 0, r.is_write, r.stream_class, r.group, r.port, uint32_t(count), 0};
        port.head_registered = true;
      }
      if (!controller_.offer(r.id, step.is_write, r.stream_class, r.arrival, a, now)) {
        port.blocked_pass = pass_;
        ++blocked_ports_;
        return false;
      }
      ++port.next_access;
    }
    const uint64_t admitted = r.id;
    port.next_access = 0;
    port.head_registered = false;
    port.decoded_step = ~uint64_t{0};
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
  ++pass_;
  channels_full_ = 0;
  admitted_until_ = now;
  while (!future_.empty() && future_.begin()->first <= now) place(future_.begin()->second, now);
  // Ports in the order start, start + 1, ..., n - 1, 0, ..., start - 1; only ready ones have
  // anything to do. A port that becomes ready during the pass (a request pushed from inside the
  // admitted observer) is visited if the pass has not passed it yet, as a full scan would.
  const uint32_t n = rotation_ports_;
  if (n == 0) return true;
  // round_robin_ is at most n (ports are never removed): n wraps to the first port.
  const uint32_t start = arbitration_ == PortArbitration::IdRotation ? uint32_t(now % n) : round_robin_ % n;
  bool led = false;  // a port has been visited in this pass
  const int lanes = controller_.request_lanes();
  const size_t channels = ready_.size();
  for (const auto& [from, end] : {std::pair<uint32_t, uint32_t>{start, n}, std::pair<uint32_t, uint32_t>{0, start}}) {
    pass_cursor_ = from;
    for (size_t c = 0; c < channels; ++c) next_in_pass_[c] = first_ready(c, from);
    for (;;) {
      if (channels_full_ == channels) break;  // nothing more can be offered
      uint32_t id = end;
      for (size_t c = 0; c < channels; ++c) {
        const LanesUsed& used = lanes_used_[c];
        if (next_in_pass_[c] < id && !(used.cycle == now && used.count == lanes)) id = next_in_pass_[c];
      }
      if (id >= end) break;
      pass_cursor_ = id + 1;
      if (!led) {  // the port that leads this pass goes last in the next one
        led = true;
        round_robin_ = id + 1;
      }
      admit_port(ports_[id], now);
      place(id, now);
      for (size_t c = 0; c < channels; ++c) {
        if (next_in_pass_[c] == id) next_in_pass_[c] = first_ready(c, id + 1);
      }
    }
    pass_cursor_ = kNoPort;
    if (channels_full_ == channels) break;
  }
  return blocked_ports_ == 0;
}

Cycle RequestFrontEnd::next_step(Cycle controller_next, Cycle now) const {
  Cycle at = next_arrival();
  if (at != kNever && at <= now) at = now + 1;
  if (blocked_ports_ > 0 && controller_.last_column_cycle() == now) at = std::min(at, now + 1);
  return std::min(at, controller_next);
}

Cycle RequestFrontEnd::next_arrival() const {
  // A ready port that did not stop at a full queue can go now; when it arrived does not matter.
  const Cycle future = future_.empty() ? kNever : future_.begin()->first;
  return ready_ports_ > blocked_ports_ ? std::min(future, admitted_until_) : future;
}

bool RequestFrontEnd::on_access_done(const Access& a, RowOutcome outcome, Cycle done, CompletedRequest& out) {
  InFlight& req = *in_flight_.find(a.request_id);
  if (done > req.done) req.done = done;
  if (outcome != RowOutcome::Hit) ++req.activations;
  if (--req.remaining > 0) return false;
  out = {a.request_id, req.arrival, req.done,  req.is_write, req.stream_class,
         req.group,    req.port,    req.accesses, req.activations};
  in_flight_.erase(a.request_id);
  return true;
}

}  // namespace aimc
