// CmdTraceWriter: writes every issued DRAM command as one CSV line
//   time_ps,channel,pseudo_channel,command,bank_group,bank,row,column
// with -1 in the fields a command does not carry (docs/formats.md).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "models/core/controller_listener.h"

namespace aimc {

class CmdTraceWriter : public ControllerListener {
 public:
  static constexpr const char* kHeader = "time_ps,channel,pseudo_channel,command,bank_group,bank,row,column";

  CmdTraceWriter(const std::string& path, double tCK_ps);  // throws std::runtime_error
  ~CmdTraceWriter() override;
  CmdTraceWriter(const CmdTraceWriter&) = delete;
  CmdTraceWriter& operator=(const CmdTraceWriter&) = delete;

  void on_command(const CommandRecord& r) override;
  void close();

 private:
  void flush_buffer();

  static constexpr size_t kBufferBytes = size_t{1} << 20;
  std::FILE* file_;
  std::string path_;
  double tCK_ps_;
  std::vector<char> buffer_;  // lines not yet written
  size_t used_ = 0;
};

// The line written for one command (no newline); also used by tests and the RTL comparison.
std::string format_command_line(const CommandRecord& r, double tCK_ps);

}  // namespace aimc
