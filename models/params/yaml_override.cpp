#include "models/params/yaml_override.h"

#include <cctype>

#include "models/params/config_error.h"

namespace aimc {
namespace {

[[noreturn]] void fail(const YamlOverride& o, const std::string& what) {
  throw ConfigError(o.origin + " " + o.arg, 0, "", what);
}

bool is_index(const std::string& s) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The element of list `seq` that `segment` names: an index, or the element whose name: it is.
size_t list_element(const YamlOverride& o, const YAML::Node& seq, const std::string& segment,
                    const std::string& dotted) {
  if (is_index(segment)) {
    const size_t i = size_t(std::stoul(segment));
    if (i >= seq.size()) {
      fail(o, "'" + dotted + "' has " + std::to_string(seq.size()) + " elements, there is no [" + segment + "]");
    }
    return i;
  }
  std::string names;
  for (size_t i = 0; i < seq.size(); ++i) {
    const YAML::Node name = seq[i].IsMap() ? seq[i]["name"] : YAML::Node();
    if (!name.IsDefined() || !name.IsScalar()) continue;
    if (name.Scalar() == segment) return i;
    names += (names.empty() ? "" : ", ") + name.Scalar();
  }
  fail(o, "'" + dotted + "' has no element named '" + segment + "'" +
              (names.empty() ? "" : " (names: " + names + ")"));
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

bool matches(const std::string& field, const std::string& set) {
  if (field.compare(0, set.size(), set) != 0) return false;
  return field.size() == set.size() || field[set.size()] == '.' || field[set.size()] == '[';
}

}  // namespace

YamlOverride parse_override(const std::string& arg, const std::string& origin) {
  YamlOverride o;
  o.arg = arg;
  o.origin = origin;
  const auto eq = arg.find('=');
  if (eq == std::string::npos) fail(o, "expected PATH=VALUE, e.g. controller.ai_aware.age_limit_ns=4000");
  const std::string path = arg.substr(0, eq);
  o.value_text = arg.substr(eq + 1);
  size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    o.path.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (o.path.back().empty()) fail(o, "the path '" + path + "' has an empty part");
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (o.value_text.empty()) fail(o, "no value after '='");
  try {
    o.value = YAML::Load(o.value_text);
  } catch (const YAML::Exception& e) {
    fail(o, "the value is not YAML: " + e.msg);
  }
  return o;
}

std::vector<YamlOverride> parse_overrides(const std::vector<std::string>& args) {
  std::vector<YamlOverride> out;
  for (const std::string& arg : args) out.push_back(parse_override(arg));
  return out;
}

std::vector<YamlOverride> take_overrides_under(std::vector<YamlOverride>& all, const std::string& prefix) {
  std::vector<YamlOverride> taken, kept;
  for (YamlOverride& o : all) {
    if (o.path.size() > 1 && o.path.front() == prefix) {
      o.path.erase(o.path.begin());
      taken.push_back(std::move(o));
    } else {
      kept.push_back(std::move(o));
    }
  }
  all = std::move(kept);
  return taken;
}

std::vector<std::string> apply_overrides(YAML::Node root, const std::vector<YamlOverride>& overrides) {
  std::vector<std::string> fields;
  for (const YamlOverride& o : overrides) {
    YAML::Node cur;
    cur.reset(root);  // reset, not =: assigning a node handle would overwrite the tree
    std::string dotted, created;  // created: the first mapping this override had to add
    for (size_t i = 0; i < o.path.size(); ++i) {
      const std::string& seg = o.path[i];
      const bool last = i + 1 == o.path.size();
      if (cur.IsSequence()) {
        const size_t at = list_element(o, cur, seg, dotted);
        dotted += "[" + std::to_string(at) + "]";
        if (last) {
          cur[at] = YAML::Clone(o.value);
        } else {
          YAML::Node next = cur[at];
          cur.reset(next);
        }
        continue;
      }
      if (!cur.IsMap() && !cur.IsNull()) fail(o, "'" + dotted + "' is a single value, it has no field '" + seg + "'");
      dotted += (dotted.empty() ? "" : ".") + seg;
      if (last) {
        // Remove, then add: writing into the old value would also change any node it shares
        // through a YAML anchor; the value is cloned so that later overrides cannot edit it.
        cur.remove(seg);
        cur[seg] = YAML::Clone(o.value);
        break;
      }
      if (!cur[seg].IsDefined() || cur[seg].IsNull()) {
        cur[seg] = YAML::Node(YAML::NodeType::Map);
        if (created.empty()) created = dotted;
      }
      YAML::Node next = cur[seg];
      cur.reset(next);
    }
    // A misspelt mapping on the way ("controller.ai_awre.x") is created here and reported by the
    // parser as an unknown field at that mapping: errors from there down are this override's.
    fields.push_back(created.empty() ? dotted : created);
  }
  return fields;
}

void attribute_errors_to_overrides(const std::string& file, const std::vector<YamlOverride>& overrides,
                                   const std::vector<std::string>& fields, const std::function<void()>& parse) {
  try {
    parse();
  } catch (const ConfigError& e) {
    if (e.file() != file) throw;  // another file's error (the memspec's, under a scenario)
    // The last override of a field is the one in the tree.
    for (size_t i = fields.size(); i-- > 0;) {
      if (!e.field().empty() && matches(e.field(), fields[i])) {
        throw ConfigError(overrides[i].origin + " " + overrides[i].arg, 0, e.field(), e.reason());
      }
    }
    throw;
  }
}

std::vector<std::string> split_sweep_values(const std::string& values) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  char quote = 0;
  for (char c : values) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(trimmed(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(trimmed(cur));
  return out;
}

}  // namespace aimc
