#include "tb/sweep/sweep_spec.h"

#include <filesystem>
#include <set>

#include "models/params/yaml_fields.h"

namespace aimc {
namespace {

// A mapping of PATH: VALUE (fixed) or PATH: [VALUES] (axes), with each entry's line.
std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& map, const std::string& file,
                                                       const std::string& field) {
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  if (!map.IsDefined() || map.IsNull()) return out;
  if (!map.IsMap()) throw ConfigError(file, map.Mark().line + 1, field, "expected a mapping of PATH: VALUE");
  for (const auto& kv : map) out.emplace_back(kv.first, kv.second);
  return out;
}

void check_choices(const YamlFields& f, const std::string& key, const std::vector<std::string>& values,
                   const std::set<std::string>& allowed) {
  if (values.empty()) f.fail(key, "the list is empty");
  std::set<std::string> seen;
  for (const std::string& v : values) {
    if (allowed.count(v) == 0) {
      std::string names;
      for (const std::string& a : allowed) names += (names.empty() ? "" : ", ") + a;
      f.fail(key, "'" + v + "' is not one of: " + names);
    }
    if (!seen.insert(v).second) f.fail(key, "'" + v + "' is listed twice");
  }
}

}  // namespace

SweepSpec load_sweep_spec(const std::string& path) {
  SweepSpec s;
  s.file = path;
  s.name = std::filesystem::path(path).stem().string();
  const YamlFields f(path, load_yaml_file(path), "");
  for (const std::string& scenario : f.text_list("scenarios")) {
    const std::string resolved = path_relative_to(path, scenario);
    if (!std::filesystem::is_regular_file(resolved)) f.fail("scenarios", "no such file: " + resolved);
    s.scenarios.push_back(resolved);
    s.scenarios_as_written.push_back(scenario);
  }
  if (s.scenarios.empty()) f.fail("scenarios", "the list is empty");
  if (f.has("policies")) {
    s.policies = f.text_list("policies");
    check_choices(f, "policies", s.policies, {"fcfs", "fr_fcfs", "ai_aware"});
  }
  if (f.has("backends")) {
    s.backends = f.text_list("backends");
    check_choices(f, "backends", s.backends, {"model", "tlm", "rtl"});
  }
  if (f.has("seeds")) {
    s.seeds.clear();
    std::set<int> seen;
    for (const std::string& text : f.text_list("seeds")) {
      try {
        size_t used = 0;
        const int k = std::stoi(text, &used);
        // As `aimc run --seed-offset` takes them, so that no point fails once the sweep runs.
        if (used != text.size() || k < 0 || k > kMaxSeedOffset) throw std::invalid_argument(text);
        if (!seen.insert(k).second) f.fail("seeds", "seed " + text + " is listed twice");
        s.seeds.push_back(k);
      } catch (const std::logic_error&) {
        f.fail("seeds", "expected seed offsets 0 to " + std::to_string(kMaxSeedOffset) + ", got '" + text + "'");
      }
    }
    if (s.seeds.empty()) f.fail("seeds", "the list is empty");
  }
  s.max_requests = uint64_t(f.integer_or("max_requests", 0, 1, int64_t{1000000000000000}));  // absent: all
  s.sampling_check = f.flag_or("sampling_check", false);
  s.sample_scale = f.number_or("sample_scale", 1.0, 1.0, 10000.0);
  s.sample_until = f.number_or("sample_until", 0.0, 0.0, 50.0);
  if (s.sample_until > 0 && s.sample_until < 0.1) f.fail("sample_until", "expected 0.1 to 50 (percent), or 0 for off");
  if (s.sample_until > 0 && s.max_requests > 0) f.fail("sample_until", "compares whole runs; it cannot be used with max_requests");
  for (const auto& [key, value] : entries(f.node_or_undefined("set"), path, "set")) {
    if (!value.IsScalar()) throw ConfigError(path, value.Mark().line + 1, "set." + key.Scalar(), "expected one value");
    s.sets.emplace_back(key.Scalar(), value.Scalar());
  }
  std::set<std::string> axis_paths;
  for (const auto& [key, values] : entries(f.node_or_undefined("axes"), path, "axes")) {
    SweepAxis axis{key.Scalar(), {}, key.Mark().line + 1};
    const std::string field = "axes." + axis.path;
    if (!values.IsSequence() || values.size() == 0) throw ConfigError(path, axis.line, field, "expected a list of values");
    std::set<std::string> seen;
    for (const auto& v : values) {
      if (!v.IsScalar()) throw ConfigError(path, v.Mark().line + 1, field, "expected a list of values");
      if (!seen.insert(v.Scalar()).second) throw ConfigError(path, v.Mark().line + 1, field, "'" + v.Scalar() + "' is listed twice");
      axis.values.push_back(v.Scalar());
    }
    for (const auto& [fixed, unused] : s.sets) {
      if (fixed == axis.path) throw ConfigError(path, axis.line, field, "also given under 'set'");
    }
    axis_paths.insert(axis.path);
    s.axes.push_back(std::move(axis));
  }
  const YAML::Node zip = f.node_or_undefined("zip");
  if (zip.IsDefined() && !zip.IsNull()) {
    if (!zip.IsSequence()) throw ConfigError(path, zip.Mark().line + 1, "zip", "expected a list of lists of axis paths");
    std::set<std::string> zipped;
    for (const auto& group : zip) {
      const int line = group.Mark().line + 1;
      if (!group.IsSequence() || group.size() < 2) throw ConfigError(path, line, "zip", "each group lists two or more axes");
      std::vector<std::string> paths;
      size_t length = 0;
      for (const auto& p : group) {
        const std::string name = p.IsScalar() ? p.Scalar() : "";
        if (axis_paths.count(name) == 0) throw ConfigError(path, line, "zip", "'" + name + "' is not one of the axes");
        if (!zipped.insert(name).second) throw ConfigError(path, line, "zip", "'" + name + "' is in two groups");
        for (const SweepAxis& a : s.axes) {
          if (a.path != name) continue;
          if (length != 0 && a.values.size() != length) {
            throw ConfigError(path, line, "zip",
                              "zipped axes need lists of one length: '" + name + "' has " + std::to_string(a.values.size()) +
                                  " values, '" + paths.front() + "' " + std::to_string(length));
          }
          length = a.values.size();
        }
        paths.push_back(name);
      }
      s.zip.push_back(std::move(paths));
    }
  }
  f.reject_unknown();
  return s;
}

}  // namespace aimc
