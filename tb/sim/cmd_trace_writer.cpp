#include "tb/sim/cmd_trace_writer.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace aimc {

namespace {

// Appends v in decimal. Written out by hand: a command trace has a line per command, and a
// general formatter cost more than the run that produced the line.
char* put(char* p, int64_t v) {
  uint64_t u = uint64_t(v);
  if (v < 0) {
    *p++ = '-';
    u = 0 - u;
  }
  char digits[20];
  int n = 0;
  do {
    digits[n++] = char('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n > 0) *p++ = digits[--n];
  return p;
}

// Writes the line for `r` (no newline) at p, which has room for kMaxLine chars; returns its end.
constexpr size_t kMaxLine = 8 * 21 + 8;
char* put_line(char* p, const CommandRecord& r, double tCK_ps) {
  const Command c = r.command;
  const bool has_bank = !is_pc_wide(c);
  const bool has_row = c == Command::ACT || is_column(c);
  p = put(p, std::llround(double(r.cycle) * tCK_ps));
  *p++ = ',';
  p = put(p, r.addr.channel);
  *p++ = ',';
  p = put(p, r.addr.pseudo_channel);
  *p++ = ',';
  const std::string_view name = name_of(c);
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = ',';
  p = put(p, has_bank ? r.addr.bank_group : -1);
  *p++ = ',';
  p = put(p, has_bank ? r.addr.bank : -1);
  *p++ = ',';
  p = put(p, has_row ? r.addr.row : int64_t{-1});
  *p++ = ',';
  return put(p, is_column(c) ? r.addr.column : -1);
}

}  // namespace

std::string format_command_line(const CommandRecord& r, double tCK_ps) {
  char line[kMaxLine];
  return std::string(line, put_line(line, r, tCK_ps));
}

CmdTraceWriter::CmdTraceWriter(const std::string& path, double tCK_ps)
    : file_(std::fopen(path.c_str(), "w")), path_(path), tCK_ps_(tCK_ps) {
  if (file_ == nullptr) throw std::runtime_error(path + ": cannot open for writing");
  std::fputs(kHeader, file_);
  std::fputc('\n', file_);
  buffer_.resize(kBufferBytes);
}

CmdTraceWriter::~CmdTraceWriter() {
  // A run that stopped on an error keeps the commands it issued (close() reports write errors;
  // a destructor must not throw).
  if (file_ == nullptr) return;
  flush_buffer();
  std::fclose(file_);
}

void CmdTraceWriter::flush_buffer() {
  std::fwrite(buffer_.data(), 1, used_, file_);
  used_ = 0;
}

void CmdTraceWriter::on_command(const CommandRecord& r) {
  if (buffer_.size() - used_ < kMaxLine + 1) flush_buffer();
  char* end = put_line(buffer_.data() + used_, r, tCK_ps_);
  *end++ = '\n';
  used_ = size_t(end - buffer_.data());
}

void CmdTraceWriter::close() {
  if (file_ == nullptr) return;
  flush_buffer();
  const bool write_failed = std::ferror(file_) != 0;
  const bool failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (write_failed || failed) throw std::runtime_error(path_ + ": write failed");
}

}  // namespace aimc
