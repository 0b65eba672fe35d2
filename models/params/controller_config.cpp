#include "models/params/controller_config.h"

namespace aimc {

std::string to_string(SchedulerPolicy p) { return p == SchedulerPolicy::Fcfs ? "fcfs" : "fr_fcfs"; }
std::string to_string(PagePolicy p) { return p == PagePolicy::Open ? "open" : "closed"; }
std::string to_string(RefreshPolicy p) {
  switch (p) {
    case RefreshPolicy::AllBank: return "all_bank";
    case RefreshPolicy::PerBank: return "per_bank";
    case RefreshPolicy::Off: return "off";
  }
  return "?";
}

}  // namespace aimc
