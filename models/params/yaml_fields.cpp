#include "models/params/yaml_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

namespace aimc {
namespace {

// Levenshtein distance, case-insensitive: finds the likely typo behind a missing field.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, 0, "", "is a directory, not a YAML file");
  try {
    const std::vector<YAML::Node> docs = YAML::LoadAllFromFile(path);
    if (docs.size() > 1) {
      throw ConfigError(path, docs[1].Mark().line + 1, "", "a second YAML document ('---'): a file holds one");
    }
    if (docs.empty() || !docs[0].IsMap()) throw ConfigError(path, 1, "", "expected a YAML mapping at the top level");
    return docs[0];
  } catch (const YAML::BadFile&) {
    throw ConfigError(path, 0, "", "cannot open file");
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path, e.mark.line + 1, "", "YAML syntax error: " + e.msg);
  }
}

std::string path_relative_to(const std::string& config_file, const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  const auto slash = config_file.find_last_of('/');
  return slash == std::string::npos ? path : config_file.substr(0, slash + 1) + path;
}

YamlFields::YamlFields(const std::string& file, YAML::Node node, std::string path)
    : file_(file), node_(node), path_(std::move(path)) {
  if (!node_.IsMap()) throw ConfigError(file_, line(), path_, "expected a mapping");
  // yaml-cpp keeps every key of a mapping and lookups find the first: a repeated key would be
  // ignored without a word, and a merge key (<<) taken for a field.
  std::map<std::string, int> seen;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    const int at = kv.first.Mark().line + 1;
    if (key == "<<") throw ConfigError(file_, at, dotted(key), "YAML merge keys are not supported: write the fields out");
    const auto [first, fresh] = seen.emplace(key, at);
    if (!fresh) throw ConfigError(file_, at, dotted(key), fmt::format("given twice (first on line {})", first->second));
  }
}

bool YamlFields::is_mapping(const std::string& key) const { return has(key) && node_[key].IsMap(); }

int YamlFields::line() const { return node_.Mark().line + 1; }

int YamlFields::line_of(const std::string& key) const {
  const YAML::Node n = node_[key];
  if (n.IsDefined() && n.Mark().line >= 0) return n.Mark().line + 1;
  return line();
}

std::string YamlFields::dotted(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void YamlFields::fail(const std::string& key, const std::string& what) const {
  throw ConfigError(file_, line_of(key), dotted(key), what);
}

bool YamlFields::has(const std::string& key) const { return node_[key].IsDefined(); }

YAML::Node YamlFields::get(const std::string& key) const {
  used_.insert(key);
  const YAML::Node n = node_[key];
  if (!n.IsDefined() || n.IsNull()) {
    std::string what = "required field is missing";
    for (const auto& kv : node_) {
      const std::string other = kv.first.Scalar();
      if (used_.count(other) == 0 && edit_distance(other, key) <= 2) {
        what += "; did you mean this one? '" + other + "' (line " + std::to_string(kv.first.Mark().line + 1) + ")";
        break;
      }
    }
    throw ConfigError(file_, line(), dotted(key), what);
  }
  return n;
}

namespace {
// A scalar written in quotes ("100"): YAML makes it text, so a field that takes a number or a
// flag refuses it rather than reading the text as one (a quoted value is usually a slip, and
// other YAML readers of the same file would see a string).
bool quoted(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "!"; }
}  // namespace

YamlFields YamlFields::child(const std::string& key) const {
  const YAML::Node n = get(key);
  if (!n.IsMap()) fail(key, "expected a mapping");
  return YamlFields(file_, n, dotted(key));
}

int64_t YamlFields::integer(const std::string& key, int64_t min, int64_t max) const {
  const YAML::Node n = get(key);
  int64_t v = 0;
  if (quoted(n)) fail(key, "expected an integer, got the quoted text \"" + n.Scalar() + "\" (write it without quotes)");
  if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, v)) fail(key, "expected an integer, got '" + (n.IsScalar() ? n.Scalar() : std::string("non-scalar")) + "'");
  if (v < min || v > max) {
    fail(key, "value " + std::to_string(v) + " out of range [" + std::to_string(min) + ", " +
                  std::to_string(max) + "]");
  }
  return v;
}

int64_t YamlFields::integer_or(const std::string& key, int64_t fallback, int64_t min,
                               int64_t max) const {
  used_.insert(key);
  return has(key) ? integer(key, min, max) : fallback;
}

double YamlFields::number(const std::string& key, double min, double max) const {
  const YAML::Node n = get(key);
  double v = 0;
  if (quoted(n)) fail(key, "expected a number, got the quoted text \"" + n.Scalar() + "\" (write it without quotes)");
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v)) {
    fail(key, "expected a number");
  }
  if (v < min || v > max) {
    fail(key, fmt::format("value {} out of range [{:g}, {:g}]", n.Scalar(), min, max));
  }
  return v;
}

double YamlFields::number_or(const std::string& key, double fallback, double min, double max) const {
  used_.insert(key);
  return has(key) ? number(key, min, max) : fallback;
}

std::vector<double> YamlFields::number_list(const std::string& key, size_t count, double min, double max) const {
  const YAML::Node n = get(key);
  if (!n.IsSequence() || n.size() != count) fail(key, "expected a list of " + std::to_string(count) + " numbers");
  std::vector<double> out;
  for (const auto& item : n) {
    double v = 0;
    if (quoted(item) || !item.IsScalar() || !YAML::convert<double>::decode(item, v) || !std::isfinite(v)) {
      fail(key, "expected a list of numbers");
    }
    if (v < min || v > max) fail(key, "value " + item.Scalar() + " out of range");
    out.push_back(v);
  }
  return out;
}

std::vector<YamlFields> YamlFields::child_list(const std::string& key) const {
  const YAML::Node n = get(key);
  if (!n.IsSequence() || n.size() == 0) fail(key, "expected a non-empty list");
  std::vector<YamlFields> out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsMap()) throw ConfigError(file_, n[i].Mark().line + 1, dotted(key) + "[" + std::to_string(i) + "]", "expected a mapping");
    out.emplace_back(file_, n[i], dotted(key) + "[" + std::to_string(i) + "]");
  }
  return out;
}

std::string YamlFields::text(const std::string& key) const {
  const YAML::Node n = get(key);
  if (!n.IsScalar()) fail(key, "expected a text value");
  if (n.Scalar().empty()) fail(key, "empty");
  return n.Scalar();
}

std::string YamlFields::text_or(const std::string& key, const std::string& fallback) const {
  used_.insert(key);
  return has(key) ? text(key) : fallback;
}

std::string YamlFields::choice_or(const std::string& key, const std::string& fallback,
                                  const std::vector<std::string>& allowed) const {
  const std::string v = text_or(key, fallback);
  for (const auto& a : allowed) {
    if (a == v) return v;
  }
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  fail(key, "'" + v + "' is not one of: " + list);
}

bool YamlFields::flag_or(const std::string& key, bool fallback) const {
  used_.insert(key);
  if (!has(key)) return fallback;
  const YAML::Node n = node_[key];
  bool v = false;
  if (quoted(n) || !n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail(key, "expected true or false");
  return v;
}

std::vector<std::string> YamlFields::text_list(const std::string& key) const {
  const YAML::Node n = get(key);
  if (!n.IsSequence()) fail(key, "expected a list");
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) fail(key, "expected a list of text values");
    out.push_back(item.Scalar());
  }
  return out;
}

YAML::Node YamlFields::node_or_undefined(const std::string& key) const {
  used_.insert(key);
  return node_[key];
}

void YamlFields::reject_unknown() const {
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (used_.count(key) == 0) {
      // The nearest field this mapping takes, if the key is a slip of a few letters from it.
      std::string what = "unknown field";
      size_t best = 3;
      for (const std::string& known : used_) {
        const size_t d = edit_distance(known, key);
        if (d < best) best = d, what = "unknown field; did you mean '" + known + "'?";
      }
      throw ConfigError(file_, kv.first.Mark().line + 1, dotted(key), what);
    }
  }
}

}  // namespace aimc
