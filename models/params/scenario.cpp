#include "models/params/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "models/params/yaml_fields.h"

namespace aimc {
namespace {

ControllerConfig read_controller(const YamlFields& y) {
  ControllerConfig c;
  c.policy = scheduler_policy_from_name(y.choice_or("policy", to_string(c.policy), {"fcfs", "fr_fcfs", "ai_aware"}));
  c.page_policy = page_policy_from_name(y.choice_or("page_policy", to_string(c.page_policy), {"open", "closed"}));
  c.refresh = refresh_policy_from_name(y.choice_or("refresh", to_string(c.refresh), {"all_bank", "per_bank", "off"}));
  c.queue_depth = int(y.integer_or("queue_depth", c.queue_depth, 1, 4096));
  c.row_hit_cap = int(y.integer_or("row_hit_cap", c.row_hit_cap, 1, 1 << 20));
  c.request_lanes = int(y.integer_or("request_lanes", c.request_lanes, 1, 64));
  c.port_arbitration = port_arbitration_from_name(
      y.choice_or("port_arbitration", to_string(c.port_arbitration), {"round_robin", "id_rotation"}));
  c.read_modify_write = y.flag_or("read_modify_write", c.read_modify_write);
  c.power_down_after_ns = y.number_or("power_down_after_ns", c.power_down_after_ns, 0.0, 1e9);
  fit_ai_aware_to_queue(c);  // the defaults; written values are checked against the queue below
  AiAwareConfig& k = c.ai_aware;
  if (y.has("ai_aware")) {
    const YamlFields ai = y.child("ai_aware");
    if (ai.has("class_rank")) {
      const YamlFields ranks = ai.child("class_rank");
      for (int i = 0; i < kNumStreamClasses; ++i) {
        const std::string name(kStreamClassNames[size_t(i)]);
        k.class_rank[size_t(i)] = int(ranks.integer_or(name, k.class_rank[size_t(i)], 0, 15));
      }
      ranks.reject_unknown();
    }
    k.age_limit_ns = ai.number_or("age_limit_ns", k.age_limit_ns, 1.0, 1e9);
    k.write_high = int(ai.integer_or("write_high", k.write_high, 1, c.queue_depth));
    k.write_low = int(ai.integer_or("write_low", k.write_low, 0, c.queue_depth));
    if (k.write_low >= k.write_high) ai.fail("write_low", "must be below write_high");
    k.bank_group_interleave = ai.flag_or("bank_group_interleave", k.bank_group_interleave);
    k.reserved_slots = int(ai.integer_or("reserved_slots", k.reserved_slots, 0, c.queue_depth - 1));
    k.preempt_rank_gap = int(ai.integer_or("preempt_rank_gap", k.preempt_rank_gap, 0, 15));
    k.preempt_after_ns = ai.number_or("preempt_after_ns", k.preempt_after_ns, 0.0, 1e9);
    k.refresh_preempts_best_effort = ai.flag_or("refresh_preempts_best_effort", k.refresh_preempts_best_effort);
    k.refresh_after_kv_quiet_ns = ai.number_or("refresh_after_kv_quiet_ns", k.refresh_after_kv_quiet_ns, 0.0, 1e9);
    k.best_effort_row_hold_ns = ai.number_or("best_effort_row_hold_ns", k.best_effort_row_hold_ns, 0.0, 1e9);
    ai.reject_unknown();
  }
  if (y.has("address_map")) {
    const YamlFields m = y.child("address_map");
    if (m.has("order")) {
      c.address_map.slices.clear();
      for (const std::string& s : m.text_list("order")) {
        try {
          c.address_map.slices.push_back(parse_address_slice(s));
        } catch (const std::invalid_argument& e) {
          m.fail("order", e.what());
        }
      }
    }
    c.address_map.xor_bank_hash = m.flag_or("xor_bank_hash", false);
    m.reject_unknown();
  }
  y.reject_unknown();
  return c;
}

}  // namespace

AddressSlice parse_address_slice(const std::string& text) {
  AddressSlice s;
  const auto colon = text.find(':');
  s.field = text.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string bits = text.substr(colon + 1);
    if (bits.empty() || bits.find_first_not_of("0123456789") != std::string::npos || bits.size() > 2) {
      throw std::invalid_argument("slice '" + text + "': bit count must be a whole number");
    }
    s.bits = std::stoi(bits);
    if (s.bits == 0) throw std::invalid_argument("slice '" + text + "': bit count must be positive");
  }
  return s;
}

namespace {

// accelerator: several stacks of the memspec's part side by side, block-interleaved
// (docs/scenario-format.md). Every figure then covers the whole accelerator.
void read_accelerator(const YamlFields& y, Scenario& s) {
  const int stacks = int(y.integer_or("stacks", 1, 1, 64));
  const uint64_t stack_bytes = s.memspec.org.capacity_bytes();
  const auto interleave = uint64_t(y.integer_or("interleave_bytes", int64_t(s.controller.address_map.stack_interleave_bytes),
                                                s.memspec.org.access_bytes, int64_t(stack_bytes)));
  if (interleave % uint64_t(s.memspec.org.access_bytes) != 0 || stack_bytes % interleave != 0) {
    y.fail("interleave_bytes", fmt::format("must be a multiple of {} B that divides a stack's {} B",
                                           s.memspec.org.access_bytes, stack_bytes));
  }
  y.reject_unknown();
  s.memspec.org.stacks = stacks;
  s.memspec.org.channels *= stacks;
  s.controller.address_map.stack_interleave_bytes = interleave;
}

Scenario parse_scenario(const std::string& path, const YAML::Node& tree,
                        const std::vector<YamlOverride>& memspec_overrides) {
  const YamlFields root(path, tree, "");
  Scenario s;
  s.source_file = path;
  s.name = root.text("name");
  root.text_or("description", "");
  const std::string memspec_path = path_relative_to(path, root.text("memspec"));
  try {
    s.memspec = load_memspec(memspec_path, memspec_overrides);
  } catch (const ConfigError& e) {
    // A file that cannot be read is this line's mistake; errors inside it name their own lines.
    if (e.file() == memspec_path && e.line() == 0) root.fail("memspec", memspec_path + ": " + e.reason());
    throw;
  }
  if (root.has("controller")) {
    const YamlFields ctrl = root.child("controller");
    s.controller = read_controller(ctrl);
    // A controller: mapping that only --set made has no line.
    s.address_map_origin = ctrl.line() > 0 ? path + ":" + std::to_string(ctrl.line()) : path;
  } else {
    s.address_map_origin = path;
  }
  if (root.has("accelerator")) read_accelerator(root.child("accelerator"), s);
  s.traffic = read_traffic(root.child("traffic"));
  root.reject_unknown();
  return s;
}

}  // namespace

Scenario load_scenario(const std::string& path, std::vector<YamlOverride> overrides) {
  std::vector<std::string> given;
  for (const YamlOverride& o : overrides) given.push_back(o.arg);
  const std::vector<YamlOverride> memspec_overrides = take_overrides_under(overrides, "memspec");
  const YAML::Node tree = load_yaml_file(path);
  const std::vector<std::string> fields = apply_overrides(tree, overrides);
  Scenario s;
  attribute_errors_to_overrides(path, overrides, fields, [&] { s = parse_scenario(path, tree, memspec_overrides); });
  s.overrides = given;
  return s;
}

}  // namespace aimc
