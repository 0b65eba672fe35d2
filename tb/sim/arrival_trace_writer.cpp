#include "tb/sim/arrival_trace_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace aimc {

ArrivalTraceWriter::ArrivalTraceWriter(const std::string& path, const MemSpec& spec)
    : file_(std::fopen(path.c_str(), "w")), path_(path), spec_(spec) {
  if (file_ == nullptr) throw std::runtime_error(path + ": cannot open for writing");
}

ArrivalTraceWriter::~ArrivalTraceWriter() {
  if (file_ != nullptr) std::fclose(file_);  // close() reports errors; a destructor must not throw
}

void ArrivalTraceWriter::on_request_arrival(const FrontEndRequest& r) {
  arrivals_.push_back({r.arrival, r.address, r.group, r.bytes, r.port, r.stream_class, r.is_write});
}

void ArrivalTraceWriter::close() {
  if (file_ == nullptr) return;
  // A TLM initiator's request held back by a full queue reaches the front end later than it
  // arrived; a stable sort keeps each port's requests in their order.
  std::stable_sort(arrivals_.begin(), arrivals_.end(),
                   [](const Arrival& a, const Arrival& b) { return a.cycle < b.cycle; });
  std::string out = "# aimc native trace: time_ps op address bytes class stream_id [group], the requests of a run as "
                    "they reached the controller (aimc run --arrivals-trace)\n";
  for (const Arrival& a : arrivals_) {
    // first_ps_of_cycle: the trace reader maps the time back to the same cycle.
    fmt::format_to(std::back_inserter(out), "{} {} 0x{:x} {} {} {}", spec_.first_ps_of_cycle(a.cycle),
                   a.is_write ? 'W' : 'R', a.address, a.bytes, to_string(a.stream_class), stream_of_port(a.port));
    if (a.group != kNoGroup) fmt::format_to(std::back_inserter(out), " {}", a.group);
    out += '\n';
    if (out.size() > (1u << 20)) {
      std::fwrite(out.data(), 1, out.size(), file_);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), file_);
  const bool failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) throw std::runtime_error(path_ + ": write failed");
}

}  // namespace aimc
