// TimeSeriesRecorder: what a run did over time, for plots (`aimc run --timeseries-ns W`,
// `aimc report`): bandwidth per window by class and by stream, mean queue occupancy per window
// and pseudo-channel, every refresh command, ACTs per bank, the steps of LLM streams, and the
// latency distribution of each class. The stats JSON carries it as "timeseries"
// (docs/formats.md).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "models/core/controller_listener.h"
#include "models/params/scenario.h"
#include "tb/sim/run_stats.h"

namespace aimc {

class TimeSeriesRecorder : public ControllerListener {
 public:
  TimeSeriesRecorder(const Scenario& scenario, double window_ns);

  void on_access_queued(const Access& a, Cycle now) override;
  void on_command(const CommandRecord& r) override;
  void on_access_done(const Access& a, RowOutcome outcome, Cycle done) override;
  void on_request_done(const CompletedRequest& r) override;

  // The series up to cycle `end` (the run's last data beat + 1), with the latency distributions
  // taken from the run's statistics.
  nlohmann::json to_json(const RunStats& stats, Cycle end);

 private:
  // Windows a run may fill: each holds a value per queue, class and stream, so a window far
  // shorter than the run would fill memory before the run ends.
  static constexpr size_t kMaxWindows = 1000000;
  size_t window_of(Cycle c) const {
    const size_t w = size_t(double(c) / window_cycles_);
    if (w >= kMaxWindows) too_many_windows(c);
    return w;
  }
  [[noreturn]] void too_many_windows(Cycle c) const;
  static void add(std::vector<double>& series, size_t window, double value) {
    if (window >= series.size()) series.resize(window + 1, 0.0);
    series[window] += value;
  }
  // Adds queue length x cycles from the pseudo-channel's last change to `now` into its windows.
  void integrate_queue(size_t pc, Cycle now);

  const Scenario& scenario_;
  double window_ns_, window_cycles_;
  int pcs_per_channel_, banks_per_pc_, banks_per_group_, access_bytes_;
  std::map<std::string, std::vector<double>> bytes_by_class_;
  std::map<uint32_t, std::vector<double>> bytes_by_stream_;
  struct Queue {
    int length = 0;
    Cycle since = 0;
    std::vector<double> occupancy_cycles;  // per window
  };
  std::vector<Queue> queues_;  // per channel * pseudo-channels + pseudo-channel
  std::vector<uint64_t> acts_;  // per channel * pseudo-channels * banks
  nlohmann::json refreshes_ = nlohmann::json::array();
};

}  // namespace aimc
