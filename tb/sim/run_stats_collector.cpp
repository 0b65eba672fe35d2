#include "tb/sim/run_stats_collector.h"

#include <algorithm>
#include <cstdint>

namespace aimc {

RunStatsCollector::RunStatsCollector(const MemSpec& spec)
    : spec_(spec), last_column_(size_t(spec.org.channels * spec.org.pseudo_channels)) {
  stats_.bytes_per_channel.assign(size_t(spec.org.channels), 0);
  stats_.energy.pcs.assign(size_t(spec.org.channels * spec.org.pseudo_channels), BankTime{});
}

// Open banks and power-down per pseudo-channel over time, for the background energy.
void RunStatsCollector::track_banks(const CommandRecord& r) {
  const int delta = open_banks_change(r.command, spec_.org.banks_per_pc());
  if (delta == 0 && !is_power_down(r.command)) return;
  BankTime& pc = stats_.energy.pcs[size_t(r.addr.channel * spec_.org.pseudo_channels + r.addr.pseudo_channel)];
  pc.advance(r.cycle);
  pc.open_banks = std::max(0, pc.open_banks + delta);
  if (is_power_down(r.command)) pc.powered_down = r.command == Command::PDE;
  stats_.energy.bank_state_seen = true;
}

// Column commands of one pseudo-channel in a row: a switch of bank group, or a same-group pair
// that paid tCCD_L where another group would have paid only tCCD_S.
void RunStatsCollector::count_column(const CommandRecord& r) {
  LastColumn& last = last_column_[size_t(r.addr.channel * spec_.org.pseudo_channels + r.addr.pseudo_channel)];
  if (last.cycle != kNever) {
    if (last.bank_group != r.addr.bank_group) {
      ++stats_.bank_group_switches;
    } else {
      const Cycle gap = std::min(r.cycle - last.cycle, Cycle(spec_.t.nCCD_L));
      if (gap > Cycle(spec_.t.nCCD_S)) {
        ++stats_.tccd_l_stalls;
        stats_.tccd_l_stall_cycles += gap - Cycle(spec_.t.nCCD_S);
      }
    }
  }
  last = {r.cycle, r.addr.bank_group};
}

void RunStatsCollector::on_command(const CommandRecord& r) {
  ++stats_.commands[index_of(r.command)];
  if (r.command == Command::REFab || r.command == Command::REFpb) stats_.refresh_cycles.push_back(r.cycle);
  if (is_column(r.command)) count_column(r);
  track_banks(r);
}

void RunStatsCollector::on_access_done(const Access& a, RowOutcome outcome, Cycle done) {
  (a.is_write ? stats_.write_accesses : stats_.read_accesses)++;
  switch (outcome) {
    case RowOutcome::Hit: ++stats_.row_hits; break;
    case RowOutcome::Miss: ++stats_.row_misses; break;
    case RowOutcome::Conflict: ++stats_.row_conflicts; break;
  }
  stats_.bytes_per_channel[a.addr.channel] += uint64_t(spec_.org.access_bytes);
  ++stats_.energy.accesses[size_t(a.stream_class)][a.is_write];
  if (outcome != RowOutcome::Hit) ++stats_.energy.activations[size_t(a.stream_class)];
  if (done > stats_.last_done) stats_.last_done = done;
}

void RunStatsCollector::on_request_done(const CompletedRequest& req) {
  (req.is_write ? stats_.write_requests : stats_.read_requests)++;
  const Cycle latency = req.done - req.arrival;
  const uint32_t stream = stream_of_port(req.port);
  if (stream >= stream_index_.size()) stream_index_.resize(stream + 1, nullptr);
  if (stream_index_[stream] == nullptr) stream_index_[stream] = &stats_.streams[stream];
  StreamTotals& st = *stream_index_[stream];
  st.latency_cycles[size_t(req.stream_class)][req.is_write].push_back(uint32_t(std::min<Cycle>(latency, UINT32_MAX)));
  st.bytes += uint64_t(req.accesses) * uint64_t(spec_.org.access_bytes);
  (req.is_write ? st.write_accesses : st.read_accesses) += req.accesses;
  st.activations += req.activations;
  st.first_arrival = std::min(st.first_arrival, req.arrival);
  st.last_done = std::max(st.last_done, req.done);
  if (req.group != kNoGroup) {
    auto [it, fresh] = stats_.groups.try_emplace(req.group);
    GroupSpan& g = it->second;
    if (fresh) {
      g.first_arrival = g.origin = req.arrival;
      g.last_done = req.done;
    } else {
      g.first_arrival = std::min(g.first_arrival, req.arrival);
      g.last_done = std::max(g.last_done, req.done);
    }
    if (stream < profiled_.size() && profiled_[stream]) {
      g.delivered.add(req.done > g.origin ? req.done - g.origin : 0, uint64_t(req.accesses) * uint64_t(spec_.org.access_bytes));
    }
  }
}

void RunStatsCollector::profile_groups_of(uint32_t stream_id) {
  if (stream_id >= profiled_.size()) profiled_.resize(stream_id + 1, false);
  profiled_[stream_id] = true;
}

}  // namespace aimc
