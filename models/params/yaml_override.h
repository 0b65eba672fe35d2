// YamlOverride: one `--set PATH=VALUE` from the command line. It is written into the YAML tree of
// a scenario (or its memspec) before that tree is parsed, so an overridden knob goes through the
// same range checks as one written in the file, and a typo in PATH is caught by the parser's
// unknown-field check. Errors about an overridden field name the --set argument, not a file line.
//
// PATH is dotted: `controller.ai_aware.age_limit_ns`. A list element is picked by its index or
// by its `name:` (`traffic.streams.prefill.rate_gbps`). VALUE is YAML: a scalar, or a flow
// mapping or list (`controller.ai_aware.class_rank={KV_READ: 0, BEST_EFFORT: 0}`). Paths under
// `memspec.` go into the memspec file the scenario names.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

namespace aimc {

struct YamlOverride {
  std::string arg;                // as given: "controller.ai_aware.age_limit_ns=4000"
  std::string origin = "--set";   // the option it came from, for errors ("--sweep" for a sweep value)
  std::vector<std::string> path;  // {"controller", "ai_aware", "age_limit_ns"}
  std::string value_text;         // "4000"
  YAML::Node value;
};

// Throws ConfigError (file "--set ARG") for a missing '=', an empty path segment or value, or a
// value that is not YAML.
YamlOverride parse_override(const std::string& arg, const std::string& origin = "--set");
std::vector<YamlOverride> parse_overrides(const std::vector<std::string>& args);  // each as --set

// The overrides whose path starts with `prefix`, with the prefix taken off; the rest are left.
std::vector<YamlOverride> take_overrides_under(std::vector<YamlOverride>& all, const std::string& prefix);

// Writes each override into `root` (a mapping), creating missing mappings on the way. Returns the
// dotted field path each one set, in the parser's spelling ("traffic.streams[1].rate_gbps"), or
// the first mapping it had to create (a misspelt one is reported there). A value shared through
// a YAML anchor is replaced, not written into; a mapping shared that way on the path is not
// copied, so a --set below it changes every place that uses it.
// Throws ConfigError naming the --set argument when the path crosses a scalar or names a list
// element that does not exist.
std::vector<std::string> apply_overrides(YAML::Node root, const std::vector<YamlOverride>& overrides);

// Runs `parse` of `file`; a ConfigError in that file about a field that an override set (or a
// field inside it) is thrown again naming that --set argument instead of a file and line.
void attribute_errors_to_overrides(const std::string& file, const std::vector<YamlOverride>& overrides,
                                   const std::vector<std::string>& fields, const std::function<void()>& parse);

// Splits "a,b,{c: 1, d: 2}" at the commas outside brackets and quotes: the values of a sweep.
std::vector<std::string> split_sweep_values(const std::string& values);

}  // namespace aimc
