// RunStatsCollector: turns what a controller reports (commands, finished accesses) and what
// its front end reports (finished requests) into RunStats. The trace driver and the TLM run
// both feed one, so every backend's statistics mean the same thing.
#pragma once

#include <vector>

#include "models/core/controller_listener.h"
#include "models/core/request_front_end.h"
#include "models/params/memspec.h"
#include "tb/sim/run_stats.h"

namespace aimc {

class RunStatsCollector : public ControllerListener {
 public:
  explicit RunStatsCollector(const MemSpec& spec);
  RunStatsCollector(const RunStatsCollector&) = delete;  // it points into its own stats
  RunStatsCollector& operator=(const RunStatsCollector&) = delete;
  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;
  void on_request_done(const CompletedRequest& req);
  // Keeps when the bytes of this stream's groups (an LLM stream's steps) arrived, for the
  // whole-step extrapolation; other groups keep their span only (a trace may hold millions).
  void profile_groups_of(uint32_t stream_id);

  RunStats& stats() { return stats_; }
  const RunStats& stats() const { return stats_; }

 private:
  void count_column(const CommandRecord& r);
  void track_banks(const CommandRecord& r);

  struct LastColumn {
    Cycle cycle = kNever;
    int bank_group = -1;
  };
  MemSpec spec_;
  std::vector<LastColumn> last_column_;  // per channel * pseudo-channels + pseudo-channel
  RunStats stats_;
  // stats_.streams[id] by stream id (map nodes stay put): thousands of streams take turns.
  std::vector<StreamTotals*> stream_index_;
  std::vector<bool> profiled_;  // by stream id
};

}  // namespace aimc
