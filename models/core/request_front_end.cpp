#include "models/core/request_front_end.h"

namespace aimc {

bool RequestFrontEnd::admit(Cycle now) {
  const uint64_t unit = uint64_t(controller_.spec().org.access_bytes);
  while (!waiting_.empty() && waiting_.front().arrival <= now) {
    const FrontEndRequest& r = waiting_.front();
    const uint64_t first = r.address / unit;
    const uint64_t count = (r.address + r.bytes - 1) / unit - first + 1;
    if (next_access_ == 0) in_flight_[r.id] = InFlight{r.arrival, int(count), 0, r.is_write, r.stream_class, r.group};
    while (next_access_ < count) {
      const DramAddress a = controller_.address_map().decode((first + next_access_) * unit);
      if (!controller_.can_accept(a)) return false;
      controller_.enqueue(r.id, r.is_write, r.stream_class, a, now);
      ++next_access_;
    }
    next_access_ = 0;
    waiting_.pop_front();
  }
  return true;
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
