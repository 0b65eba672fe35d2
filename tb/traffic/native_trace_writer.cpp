#include "tb/traffic/native_trace_writer.h"

#include <fmt/format.h>

#include <iterator>
#include <stdexcept>

namespace aimc {

namespace {
constexpr size_t kFlushBytes = size_t{1} << 20;
}

NativeTraceWriter::NativeTraceWriter(const std::string& path, const std::string& header)
    : file_(std::fopen(path.c_str(), "w")), path_(path) {
  if (file_ == nullptr) throw std::runtime_error(path + ": cannot open for writing");
  buffer_ = "# " + header + "\n";
}

NativeTraceWriter::~NativeTraceWriter() {
  if (file_ != nullptr) std::fclose(file_);  // close() reports errors; a destructor must not throw
}

void NativeTraceWriter::write(uint64_t time_ps, bool is_write, uint64_t address, uint32_t bytes) {
  fmt::format_to(std::back_inserter(buffer_), "{} {} 0x{:x} {}\n", time_ps, is_write ? 'W' : 'R', address, bytes);
  flush_if_full();
}

void NativeTraceWriter::write(uint64_t time_ps, bool is_write, uint64_t address, uint32_t bytes,
                              std::string_view stream_class, uint32_t stream_id, bool has_group, uint64_t group) {
  fmt::format_to(std::back_inserter(buffer_), "{} {} 0x{:x} {} {} {}", time_ps, is_write ? 'W' : 'R', address, bytes,
                 stream_class, stream_id);
  if (has_group) fmt::format_to(std::back_inserter(buffer_), " {}", group);
  buffer_ += '\n';
  flush_if_full();
}

void NativeTraceWriter::flush_if_full() {
  if (buffer_.size() < kFlushBytes) return;
  std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
}

void NativeTraceWriter::close() {
  if (file_ == nullptr) return;
  std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
  const bool failed = std::ferror(file_) != 0;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed) throw std::runtime_error(path_ + ": write failed (disk full?)");
}

}  // namespace aimc
