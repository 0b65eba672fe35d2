#include "tb/traffic/pattern_source.h"

#include <stdexcept>

namespace aimc {

PatternSource::PatternSource(const StreamSpec& spec, uint64_t region_begin, uint64_t region_end,
                             const Organization& org, const AddressMap& map)
    : spec_(spec),
      begin_(region_begin),
      slots_((region_end - region_begin) / spec.request_bytes),
      org_(org),
      map_(map),
      pacer_(spec.start_ns, spec.rate_gbps),
      rng_(spec.seed) {
  if (slots_ == 0) throw std::invalid_argument("stream '" + spec.name + "': region smaller than one request");
}

uint64_t PatternSource::address() {
  const Organization& org = org_;
  auto pick = [&](int n) { return int(rng_() % uint64_t(n)); };
  auto pick_row = [&] { return int64_t(rng_() % uint64_t(org.rows)); };
  DramAddress a;
  switch (spec_.kind) {
    case StreamKind::Sequential: return begin_ + (emitted_ % slots_) * spec_.request_bytes;
    case StreamKind::Random: return begin_ + (rng_() % slots_) * spec_.request_bytes;
    case StreamKind::RowConflicts:
      a = {pick(org.channels), pick(org.pseudo_channels), 0, 0, pick_row(), 0};
      break;
    case StreamKind::BankGroupHammer:
      a = {pick(org.channels), pick(org.pseudo_channels), 0, pick(org.banks_per_group), pick_row(),
           pick(org.columns)};
      break;
    default: throw std::logic_error("PatternSource: not a pattern kind");
  }
  return map_.encode(a);  // adversarial requests are one access: exactly on target
}

bool PatternSource::next(TraceRequest& out) {
  if (emitted_ >= spec_.requests) return false;
  out = TraceRequest{};
  out.address = address();
  out.bytes = spec_.request_bytes;
  out.is_write = std::uniform_real_distribution<double>(0.0, 1.0)(rng_) >= spec_.read_fraction;
  out.stream_class = spec_.stream_class;
  out.stream_id = spec_.stream_id;
  out.time_ps = pacer_.next(out.bytes);
  ++emitted_;
  return true;
}

}  // namespace aimc
