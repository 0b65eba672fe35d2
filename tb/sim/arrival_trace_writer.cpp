#include "tb/sim/arrival_trace_writer.h"

#include <algorithm>

namespace aimc {

ArrivalTraceWriter::ArrivalTraceWriter(const std::string& path, const MemSpec& spec)
    : out_(path,
           "aimc native trace: time_ps op address bytes class stream_id [group], the requests of a run as they "
           "reached the controller (aimc run --arrivals-trace)"),
      spec_(spec) {}

void ArrivalTraceWriter::on_request_arrival(const FrontEndRequest& r) {
  arrivals_.push_back({r.arrival, r.address, r.group, r.bytes, r.port, r.stream_class, r.is_write});
}

void ArrivalTraceWriter::close() {
  // A TLM initiator's request held back by a full queue reaches the front end later than it
  // arrived; a stable sort keeps each port's requests in their order.
  std::stable_sort(arrivals_.begin(), arrivals_.end(),
                   [](const Arrival& a, const Arrival& b) { return a.cycle < b.cycle; });
  for (const Arrival& a : arrivals_) {
    // first_ps_of_cycle: the trace reader maps the time back to the same cycle.
    out_.write(spec_.first_ps_of_cycle(a.cycle), a.is_write, a.address, a.bytes, to_string(a.stream_class),
               stream_of_port(a.port), a.group != kNoGroup, a.group);
  }
  arrivals_.clear();
  out_.close();
}

}  // namespace aimc
