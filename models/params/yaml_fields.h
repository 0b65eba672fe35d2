// YamlFields: typed, checked access to one YAML mapping. Every error names the file, the line
// and the dotted field path; unknown keys are errors too, so a typo never silently falls back
// to a default.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "models/params/config_error.h"

namespace aimc {

YAML::Node load_yaml_file(const std::string& path);
// A path written inside a config file, relative to that file's directory (absolute stays).
std::string path_relative_to(const std::string& config_file, const std::string& path);

class YamlFields {
 public:
  YamlFields(const std::string& file, YAML::Node node, std::string path);

  bool has(const std::string& key) const;
  bool is_mapping(const std::string& key) const;  // present and a mapping
  YamlFields child(const std::string& key) const;  // required mapping
  int64_t integer(const std::string& key, int64_t min, int64_t max) const;
  int64_t integer_or(const std::string& key, int64_t fallback, int64_t min, int64_t max) const;
  double number(const std::string& key, double min, double max) const;
  double number_or(const std::string& key, double fallback, double min, double max) const;
  std::vector<double> number_list(const std::string& key, size_t count, double min, double max) const;
  std::vector<YamlFields> child_list(const std::string& key) const;  // required list of mappings
  std::string text(const std::string& key) const;
  std::string text_or(const std::string& key, const std::string& fallback) const;
  std::string choice_or(const std::string& key, const std::string& fallback,
                        const std::vector<std::string>& allowed) const;
  bool flag_or(const std::string& key, bool fallback) const;
  std::vector<std::string> text_list(const std::string& key) const;
  // The raw node of an optional key (undefined when absent), for shapes the accessors above do
  // not cover; the key counts as known.
  YAML::Node node_or_undefined(const std::string& key) const;

  // Throws for every key present in the mapping that no accessor above asked for.
  void reject_unknown() const;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  const std::string& file() const { return file_; }
  int line() const;
  int line_of(const std::string& key) const;  // the key's line, else the mapping's

 private:
  YAML::Node get(const std::string& key) const;
  std::string dotted(const std::string& key) const;

  std::string file_;
  YAML::Node node_;
  std::string path_;
  mutable std::set<std::string> used_;
};

}  // namespace aimc
