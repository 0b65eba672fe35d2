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
  const Stored* stored = reference_.find(location);
  expected_[{a.request_id, location}] = {stored == nullptr ? initial_data(a.addr) : stored->data, a.addr};
}

void DataScoreboard::check_read(uint64_t request, const DramAddress& a, const AccessData& data, Cycle cycle) {
  const Key key{request, pack_location(a)};
  const Expected* expected = expected_.find(key);
  if (expected == nullptr) {
    mismatches_.push_back({cycle, request,
                           fmt::format("cycle {}: data for request {} at {}, which no read request asked for", cycle,
                                       request, where(a))});
    return;
  }
  ++reads_checked_;
  if (data != expected->data) {
    mismatches_.push_back({cycle, request,
                           fmt::format("cycle {}: request {} read {}: got data {}, expected data {}", cycle, request,
                                       where(a), describe_data(data, a), describe_data(expected->data, a))});
  }
  expected_.erase(key);
}

void DataScoreboard::finish(const FlatHashMap<uint64_t, AccessData>& device_memory) {
  expected_.for_each([&](const Key& key, const Expected& e) {
    mismatches_.push_back({kNever, key.request, fmt::format("request {} read {}: no data came back", key.request,
                                                            where(e.addr))});
  });
  expected_.clear();
  reference_.for_each([&](uint64_t location, const Stored& want) {
    const AccessData* found = device_memory.find(location);
    const AccessData got = found == nullptr ? initial_data(want.addr) : *found;
    if (got != want.data) {
      mismatches_.push_back({kNever, want.data[0] - 1,
                             fmt::format("at the end {} holds data {}, expected data {}", where(want.addr),
                                         describe_data(got, want.addr), describe_data(want.data, want.addr))});
    }
  });
  device_memory.for_each([&](uint64_t location, const AccessData& got) {
    if (!reference_.contains(location)) {
      mismatches_.push_back({kNever, got[0] - 1,
                             fmt::format("at the end a location no write was taken for holds data {}",
                                         describe_data(got, DramAddress{})) });
    }
  });
}

}  // namespace aimc
