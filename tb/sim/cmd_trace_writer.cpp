#include "tb/sim/cmd_trace_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace aimc {

std::string format_command_line(const CommandRecord& r, double tCK_ps) {
  const Command c = r.command;
  const bool has_bank = !is_pc_wide(c);
  const bool has_row = c == Command::ACT || is_column(c);
  const long long time_ps = std::llround(double(r.cycle) * tCK_ps);
  return fmt::format("{},{},{},{},{},{},{},{}", time_ps, r.addr.channel, r.addr.pseudo_channel,
                     name_of(c), has_bank ? r.addr.bank_group : -1, has_bank ? r.addr.bank : -1,
                     has_row ? r.addr.row : int64_t{-1}, is_column(c) ? r.addr.column : -1);
}

CmdTraceWriter::CmdTraceWriter(const std::string& path, double tCK_ps)
    : file_(std::fopen(path.c_str(), "w")), path_(path), tCK_ps_(tCK_ps) {
  if (file_ == nullptr) throw std::runtime_error(path + ": cannot open for writing");
  std::fputs(kHeader, file_);
  std::fputc('\n', file_);
}

CmdTraceWriter::~CmdTraceWriter() {
  if (file_ != nullptr) std::fclose(file_);  // close() reports errors; a destructor must not throw
}

void CmdTraceWriter::on_command(const CommandRecord& r) {
  const std::string line = format_command_line(r, tCK_ps_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
}

void CmdTraceWriter::close() {
  if (file_ == nullptr) return;
  const bool failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed) throw std::runtime_error(path_ + ": write failed");
}

}  // namespace aimc
