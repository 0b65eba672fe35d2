// TraceReader: streams requests from a trace file in one of three formats (docs/formats.md):
//   native    <time_ps> <R|W|READ|WRITE> <address> [<bytes> [<class> [<stream_id> [<group>]]]]
//   dramsim3  <0xADDR> <READ|WRITE> <cycle>          (cycle of the memory clock, 64 B)
//   ramulator LD|ST <address>                        (LoadStoreTrace: no time, 64 B)
// Addresses are hex with 0x or decimal. '#' starts a comment. Every error names file and line.
#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "models/params/scenario.h"
#include "tb/traffic/request_source.h"

namespace aimc {

class TraceReader : public RequestSource {
 public:
  static constexpr size_t kMaxWords = 7;  // the most fields a line has (a native line's)
  static constexpr uint32_t kDefaultRequestBytes = 64;  // one cache line = two 32 B accesses
  static constexpr size_t kMaxLineChars = 4096;         // a longer line is an error, not a request

  // tCK_ps converts DRAMsim3 cycles; capacity bounds every request.
  TraceReader(const std::string& path, TraceFormat format, double tCK_ps, uint64_t capacity_bytes);

  // Reads the next request; false at end of file. Throws ConfigError on a malformed line, a
  // read error, or a time later than kMaxArrivalNs. Pipes work (no progress fraction then).
  bool next(TraceRequest& out) override;
  double progress() const override { return file_bytes_ ? double(bytes_read_) / double(file_bytes_) : 1.0; }
  const std::string& path() const { return path_; }
  int line() const { return line_no_; }  // of the request last read
  uint64_t file_bytes() const { return file_bytes_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  // The next line without its newline, from the read buffer; false at the end of the file.
  bool next_line(std::string_view& line);
  bool parse(std::string_view line, TraceRequest& out);
  void set_native_time(uint64_t time_ps, TraceRequest& out) const;
  void set_native_bytes(uint64_t bytes, TraceRequest& out) const;
  bool accept(const TraceRequest& out);
  [[noreturn]] void fail(const std::string& field, const std::string& what) const;
  static std::string other_format_hint(const std::array<std::string_view, kMaxWords>& w, size_t count);
  bool at_end() const;

  std::string path_;
  std::ifstream in_;
  // Read in large blocks: a trace has millions of short lines, and a line at a time through the
  // stream cost more than parsing it. [begin_, end_) is what is read and not yet returned.
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  TraceFormat format_;
  std::string format_hint_;  // appended to this line's failure (other_format_hint)
  double tCK_ps_;
  uint64_t capacity_;
  int line_no_ = 0;
  uint64_t last_time_ps_ = 0;
  bool any_request_ = false;
  uint64_t file_bytes_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace aimc
