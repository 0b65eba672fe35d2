#include "tb/device/data_scoreboard.h"

#include <fmt/format.h>

namespace aimc {

namespace {
std::string where(const DramAddress& a) {
  return fmt::format("ch{} pc{} bg{} b{} row {} col {}", a.channel, a.pseudo_channel, a.bank_group, a.bank, a.row,
                     a.column);
}
}  // namespace

void DataScoreboard::on_access_queued(const Access& a, Cycle /*now*/) {
  const uint64_t location = pack_location(a.addr);
  if (a.is_write) {
    reference_[location] = {write_data(a.request_id, a.addr), a.addr};
    return;
  }
  auto it = reference_.find(location);
  expected_[{a.request_id, location}] = {it == reference_.end() ? initial_data(a.addr) : it->second.data, a.addr};
}

void DataScoreboard::check_read(uint64_t request, const DramAddress& a, const AccessData& data, Cycle cycle) {
  auto it = expected_.find({request, pack_location(a)});
  if (it == expected_.end()) {
    mismatches_.push_back({cycle, request,
                           fmt::format("cycle {}: data for request {} at {}, which no read request asked for", cycle,
                                       request, where(a))});
    return;
  }
  ++reads_checked_;
  if (data != it->second.data) {
    mismatches_.push_back({cycle, request,
                           fmt::format("cycle {}: request {} read {}: got data {}, expected data {}", cycle, request,
                                       where(a), describe_data(data, a), describe_data(it->second.data, a))});
  }
  expected_.erase(it);
}

void DataScoreboard::finish(const std::unordered_map<uint64_t, AccessData>& device_memory) {
  for (const auto& [key, e] : expected_) {
    mismatches_.push_back({kNever, key.request, fmt::format("request {} read {}: no data came back", key.request,
                                                            where(e.addr))});
  }
  expected_.clear();
  for (const auto& [location, want] : reference_) {
    auto it = device_memory.find(location);
    const AccessData got = it == device_memory.end() ? initial_data(want.addr) : it->second;
    if (got != want.data) {
      mismatches_.push_back({kNever, want.data[0] - 1,
                             fmt::format("at the end {} holds data {}, expected data {}", where(want.addr),
                                         describe_data(got, want.addr), describe_data(want.data, want.addr))});
    }
  }
  for (const auto& [location, got] : device_memory) {
    if (reference_.count(location) == 0) {
      mismatches_.push_back({kNever, got[0] - 1,
                             fmt::format("at the end a location no write was taken for holds data {}",
                                         describe_data(got, DramAddress{})) });
    }
  }
}

}  // namespace aimc
