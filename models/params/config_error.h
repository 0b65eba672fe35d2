// ConfigError: the one exception type for bad input files (memspec, scenario, trace).
// Its message always names the file, the line and the field, so a user can fix the input.
#pragma once

#include <stdexcept>
#include <string>

namespace aimc {

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& file, int line, const std::string& field, const std::string& what)
      : std::runtime_error(format(file, line, field, what)), file_(file), line_(line), field_(field), reason_(what) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& reason() const { return reason_; }  // the message without file, line and field

 private:
  static std::string format(const std::string& file, int line, const std::string& field,
                            const std::string& what) {
    std::string msg = file;
    if (line > 0) msg += ":" + std::to_string(line);
    if (!field.empty()) msg += ": field '" + field + "'";
    return msg + ": " + what;
  }
  std::string file_;
  int line_;
  std::string field_;
  std::string reason_;
};

}  // namespace aimc
