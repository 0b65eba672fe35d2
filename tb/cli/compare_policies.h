// `aimc compare-policies`: runs every scenario under each scheduler policy (everything else as
// the scenario says) and prints one Markdown table row per run, plus ai_aware's change against
// FR-FCFS on the headline metrics. docs/results.md is this command's output. With seeds > 1
// every run is repeated with its generated streams reseeded (seed k: the stream's seed + k;
// trace streams do not change) and each cell shows the mean and the range over the seeds; the
// change against FR-FCFS is taken seed by seed, then summarized the same way. With a sweep, every
// scenario runs once per value, labelled "name [field=value]". With sampling_check, each run of a
// scenario that samples its LLM layers is checked as `aimc run` checks it (tb/sim/sampling_check.h)
// and a last column gives its sampling uncertainty.
#pragma once

#include <string>
#include <vector>

#include "models/params/controller_config.h"

namespace aimc {

struct ComparePoliciesArgs {
  std::vector<std::string> scenarios;
  std::vector<SchedulerPolicy> policies = {SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware};
  std::string json_out;  // every run's full stats, if set
  int seeds = 1;
  std::vector<std::string> sets;  // --set PATH=VALUE, for every scenario
  std::string sweep;              // --sweep PATH=V1,V2,...: each scenario once per value
  int jobs = 1;                   // runs at once (threads); the output is the same for any number
  bool sampling_check = false;    // each run also makes aimc run's sampling check: a "sampling %" column
  double sample_scale = 1;        // sampled layer fractions x this, tenants stretched alike
  double sample_until_pct = 0;    // > 0: each run searches its sample scale (aimc run --sample-until)
  double sample_until_max = 64;   // the largest scale that search may run
};

int compare_policies(const ComparePoliciesArgs& args);

}  // namespace aimc
