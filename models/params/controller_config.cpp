#include "models/params/controller_config.h"

#include <initializer_list>
#include <stdexcept>

namespace aimc {

std::string to_string(SchedulerPolicy p) {
  switch (p) {
    case SchedulerPolicy::Fcfs: return "fcfs";
    case SchedulerPolicy::FrFcfs: return "fr_fcfs";
    case SchedulerPolicy::AiAware: return "ai_aware";
  }
  return "?";
}
std::string to_string(PagePolicy p) { return p == PagePolicy::Open ? "open" : "closed"; }
std::string to_string(RefreshPolicy p) {
  switch (p) {
    case RefreshPolicy::AllBank: return "all_bank";
    case RefreshPolicy::PerBank: return "per_bank";
    case RefreshPolicy::Off: return "off";
  }
  return "?";
}
std::string to_string(PortArbitration a) { return a == PortArbitration::RoundRobin ? "round_robin" : "id_rotation"; }

namespace {

template <typename E>
E from_name(const std::string& name, std::initializer_list<E> values, const char* what) {
  std::string known;
  for (E v : values) {
    if (to_string(v) == name) return v;
    known += (known.empty() ? "" : ", ") + to_string(v);
  }
  throw std::invalid_argument("unknown " + std::string(what) + " '" + name + "' (" + known + ")");
}

}  // namespace

SchedulerPolicy scheduler_policy_from_name(const std::string& name) {
  return from_name(name, {SchedulerPolicy::Fcfs, SchedulerPolicy::FrFcfs, SchedulerPolicy::AiAware}, "scheduler policy");
}
PagePolicy page_policy_from_name(const std::string& name) {
  return from_name(name, {PagePolicy::Open, PagePolicy::Closed}, "page policy");
}
RefreshPolicy refresh_policy_from_name(const std::string& name) {
  return from_name(name, {RefreshPolicy::AllBank, RefreshPolicy::PerBank, RefreshPolicy::Off}, "refresh policy");
}
PortArbitration port_arbitration_from_name(const std::string& name) {
  return from_name(name, {PortArbitration::RoundRobin, PortArbitration::IdRotation}, "port arbitration");
}

}  // namespace aimc
