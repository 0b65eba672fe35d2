// NativeTraceWriter: writes aimc's native trace format (docs/formats.md), one request per line,
// `time_ps op address bytes [class stream_id [group]]`, buffered. Both writers of the format use
// it: `aimc gen-trace` (synthetic traces) and `aimc run --arrivals-trace` (a run's arrivals).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace aimc {

class NativeTraceWriter {
 public:
  // Opens the file and writes `header` as its first, comment line ("# " is added). Throws
  // std::runtime_error naming the file when it cannot be opened.
  NativeTraceWriter(const std::string& path, const std::string& header);
  ~NativeTraceWriter();
  NativeTraceWriter(const NativeTraceWriter&) = delete;
  NativeTraceWriter& operator=(const NativeTraceWriter&) = delete;

  void write(uint64_t time_ps, bool is_write, uint64_t address, uint32_t bytes);
  // With the request's class and stream id, and its group unless `has_group` is false.
  void write(uint64_t time_ps, bool is_write, uint64_t address, uint32_t bytes, std::string_view stream_class,
             uint32_t stream_id, bool has_group, uint64_t group);
  // Writes what is buffered and closes the file; throws std::runtime_error naming the file when
  // any write failed (a full disk shows as a stream error or a failed close).
  void close();

 private:
  void flush_if_full();

  std::FILE* file_;
  std::string path_;
  std::string buffer_;
};

}  // namespace aimc
