#include "tb/trace/trace_reader.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string_view>

#include "models/params/config_error.h"
#include "models/params/traffic_spec.h"

namespace aimc {
namespace {

constexpr size_t kMaxWords = TraceReader::kMaxWords;

// Splits a line into at most kMaxWords words at blanks and commas; '#' ends the line.
// Returns the word count, or kMaxWords + 1 when there are more. No allocation: this runs once
// per trace line.
// What a character is to split_words, looked up: a trace has millions of lines.
enum CharKind : uint8_t { kWordChar, kBlank, kComment };
constexpr std::array<CharKind, 256> kCharKinds = [] {
  std::array<CharKind, 256> kinds{};
  for (unsigned char c : {' ', '\t', ',', '\r'}) kinds[c] = kBlank;
  kinds[uint8_t('#')] = kComment;
  return kinds;
}();
CharKind kind_of(char c) { return kCharKinds[uint8_t(c)]; }

size_t split_words(std::string_view line, std::array<std::string_view, kMaxWords>& words) {
  size_t n = 0, i = 0;
  while (i < line.size()) {
    while (i < line.size() && kind_of(line[i]) == kBlank) ++i;
    if (i >= line.size() || kind_of(line[i]) == kComment) break;
    const size_t start = i;
    while (i < line.size() && kind_of(line[i]) == kWordChar) ++i;
    if (n == kMaxWords) return kMaxWords + 1;
    words[n++] = line.substr(start, i - start);
  }
  return n;
}

// Hex digit values, 0xFF for other characters.
constexpr std::array<uint8_t, 256> kHexDigits = [] {
  std::array<uint8_t, 256> v{};
  for (auto& d : v) d = 0xFF;
  for (int c = 0; c < 10; ++c) v[size_t('0' + c)] = uint8_t(c);
  for (int c = 0; c < 6; ++c) v[size_t('a' + c)] = v[size_t('A' + c)] = uint8_t(10 + c);
  return v;
}();

// Parses a whole word as an unsigned number: 0x-prefixed hex or decimal (no sign, no blanks,
// no overflow past 64 bits). Done by hand: it runs for two or three words of every trace line.
bool parse_number(std::string_view w, uint64_t& out) {
  uint64_t v = 0;
  if (w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X')) {
    w.remove_prefix(2);
    if (w.size() > 16) {  // more digits than 64 bits hold, unless the extra ones are leading zeros
      const size_t first = w.find_first_not_of('0');
      if (first == std::string_view::npos) {
        out = 0;
        return true;
      }
      w.remove_prefix(first);
      if (w.size() > 16) return false;
    }
    for (char c : w) {
      const uint8_t d = kHexDigits[uint8_t(c)];
      if (d == 0xFF) return false;
      v = v << 4 | d;
    }
    out = v;
    return true;
  }
  if (w.empty()) return false;
  constexpr size_t kSafeDigits = 19;  // 10^19 - 1 < 2^64: no overflow check needed
  for (size_t i = 0; i < w.size(); ++i) {
    const unsigned d = unsigned(w[i]) - unsigned('0');
    if (d > 9) return false;
    if (i >= kSafeDigits && v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

// The common native line, `<time_ps> <R|W> <address> <bytes>` (what `aimc gen-trace`
// writes, and most tools), read in one pass without splitting it into words first.
// False for anything else (more or fewer words, READ/WRITE, a malformed number); the general
// path then reads the line and reports its errors.
struct PlainNativeLine {
  uint64_t time_ps = 0, address = 0, bytes = 0;
  bool is_write = false;
};

bool skip_blanks(std::string_view line, size_t& i) {
  const size_t start = i;
  while (i < line.size() && kind_of(line[i]) == kBlank) ++i;
  return i > start;
}

// The word at i as a number (parse_number); i moves past it.
bool plain_number(std::string_view line, size_t& i, uint64_t& out) {
  const size_t start = i;
  while (i < line.size() && kind_of(line[i]) == kWordChar) ++i;
  return parse_number(line.substr(start, i - start), out);
}

bool read_plain_native(std::string_view line, PlainNativeLine& p) {
  size_t i = 0;
  skip_blanks(line, i);
  if (!plain_number(line, i, p.time_ps) || !skip_blanks(line, i)) return false;
  if (i + 1 >= line.size() || (line[i] != 'R' && line[i] != 'W') || kind_of(line[i + 1]) != kBlank) return false;
  p.is_write = line[i] == 'W';
  ++i;
  skip_blanks(line, i);
  if (!plain_number(line, i, p.address) || !skip_blanks(line, i)) return false;
  if (!plain_number(line, i, p.bytes)) return false;
  skip_blanks(line, i);
  return i == line.size() || kind_of(line[i]) == kComment;
}

// A word of a bad line as the error shows it: long ones cut.
std::string shown(std::string_view word) {
  constexpr size_t kShown = 40;
  return word.size() <= kShown ? std::string(word) : std::string(word.substr(0, kShown)) + "...";
}

std::string too_late(double ps) {
  return fmt::format("{:g} s is {}", ps * 1e-12, later_than_a_run());
}

}  // namespace

TraceReader::TraceReader(const std::string& path, TraceFormat format, double tCK_ps,
                         uint64_t capacity_bytes)
    : path_(path), format_(format), tCK_ps_(tCK_ps), capacity_(capacity_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, 0, "", "is a directory, not a trace file");
  in_.open(path, std::ios::binary);
  if (!in_) throw ConfigError(path, 0, "", "cannot open trace file");
  // A regular file has a size for the progress bar; a pipe has none and is read as it comes.
  if (std::filesystem::is_regular_file(path, ec)) {
    in_.seekg(0, std::ios::end);
    file_bytes_ = uint64_t(in_.tellg());
    in_.seekg(0);
  }
}

void TraceReader::fail(const std::string& field, const std::string& what) const {
  throw ConfigError(path_, line_no_, field, what + format_hint_);
}

// A native trace's line that has another format's shape: the failure it leads to (often "time
// goes backwards", an address read as a time) names the likely cause.
std::string TraceReader::other_format_hint(const std::array<std::string_view, kMaxWords>& w, size_t count) {
  const auto hex = [](std::string_view s) { return s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'); };
  if (count == 3 && hex(w[0]) && (w[1] == "READ" || w[1] == "WRITE")) {
    return "; the line looks like a DRAMsim3 trace ('<0xADDR> <READ|WRITE> <cycle>'): run it with --trace-format "
           "dramsim3 (or format: dramsim3 in the scenario's trace stream)";
  }
  if (count == 2 && (w[0] == "LD" || w[0] == "ST")) {
    return "; the line looks like a Ramulator trace ('LD|ST <address>'): run it with --trace-format ramulator (or "
           "format: ramulator in the scenario's trace stream)";
  }
  return "";
}

bool TraceReader::next_line(std::string_view& line) {
  constexpr size_t kBlock = size_t{1} << 20;
  if (buffer_.empty()) buffer_.resize(kBlock + kMaxLineChars + 1);
  for (;;) {
    const char* start = buffer_.data() + begin_;
    if (const void* nl = std::memchr(start, '\n', end_ - begin_)) {
      const size_t length = size_t(static_cast<const char*>(nl) - start);
      if (length > kMaxLineChars) break;  // reported below
      line = std::string_view(start, length);
      begin_ += length + 1;
      bytes_read_ += length + 1;
      return true;
    }
    if (end_ - begin_ > kMaxLineChars) break;
    if (eof_) {
      if (begin_ == end_) return false;
      line = std::string_view(start, end_ - begin_);  // the last line has no newline
      bytes_read_ += end_ - begin_;
      begin_ = end_;
      return true;
    }
    // Keep the unfinished line, and read the next block behind it.
    std::memmove(buffer_.data(), start, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    in_.read(buffer_.data() + end_, std::streamsize(buffer_.size() - end_));
    if (in_.bad()) fail("", "read error");
    end_ += size_t(in_.gcount());
    eof_ = in_.eof();
  }
  ++line_no_;
  fail("", "line longer than " + std::to_string(kMaxLineChars) + " characters");
}

bool TraceReader::next(TraceRequest& out) {
  std::string_view line;
  while (next_line(line)) {
    ++line_no_;
    if (line_no_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 byte order mark
    if (parse(line, out)) return true;
  }
  return at_end();
}

// A trace without a single request is a mistake (a wrong file), not a run of nothing.
bool TraceReader::at_end() const {
  if (!any_request_) throw ConfigError(path_, 0, "", "no requests in the trace");
  return false;
}

void TraceReader::set_native_time(uint64_t time_ps, TraceRequest& out) const {
  if (time_ps > kMaxArrivalPs) fail("time_ps", too_late(double(time_ps)));
  out.time_ps = time_ps;
}

void TraceReader::set_native_bytes(uint64_t bytes, TraceRequest& out) const {
  if (bytes == 0 || bytes > (1u << 20)) fail("bytes", "request size must be 1 .. 1048576 bytes");
  out.bytes = uint32_t(bytes);
}

bool TraceReader::parse(std::string_view line, TraceRequest& out) {
  if (PlainNativeLine p; format_ == TraceFormat::Native && read_plain_native(line, p)) {
    out = TraceRequest{};
    out.line = line_no_;
    format_hint_.clear();
    set_native_time(p.time_ps, out);
    out.is_write = p.is_write;
    out.address = p.address;
    set_native_bytes(p.bytes, out);
    return accept(out);
  }
  std::array<std::string_view, kMaxWords> w;
  const size_t count = split_words(line, w);
  if (count == 0) return false;
  out = TraceRequest{};
  out.line = line_no_;
  out.bytes = kDefaultRequestBytes;
  auto op = [&](std::string_view word, const char* rd, const char* wr, const char* rd2, const char* wr2) {
    if (word == rd || word == rd2) return false;
    if (word == wr || word == wr2) return true;
    fail("operation", "expected " + std::string(rd) + " or " + wr + ", got '" + shown(word) + "'");
  };
  auto number = [&](std::string_view word, const char* field) {
    uint64_t v = 0;
    if (!parse_number(word, v)) fail(field, "expected a number (decimal or 0x hex), got '" + shown(word) + "'");
    return v;
  };
  switch (format_) {
    case TraceFormat::Native:
      if (count <= 3) {  // the shapes other_format_hint knows
        format_hint_ = other_format_hint(w, count);
      } else if (!format_hint_.empty()) {
        format_hint_.clear();
      }
      if (count < 3 || count > 7) fail("", "expected '<time_ps> <R|W> <address> [<bytes> [<class> [<stream> [<group>]]]]'");
      set_native_time(number(w[0], "time_ps"), out);
      out.is_write = op(w[1], "R", "W", "READ", "WRITE");
      out.address = number(w[2], "address");
      if (count >= 4) set_native_bytes(number(w[3], "bytes"), out);
      if (count >= 5) {
        const std::optional<StreamClass> cls = stream_class_from_name(w[4]);
        if (!cls) fail("class", "expected KV_READ, KV_WRITE, WEIGHT, ACTIVATION or BEST_EFFORT, got '" + shown(w[4]) + "'");
        out.stream_class = *cls;
      }
      if (count >= 6) {
        const uint64_t id = number(w[5], "stream_id");
        if (id >= kMaxStreams) fail("stream_id", fmt::format("must be below {} (the front end's ports)", kMaxStreams));
        out.stream_id = uint32_t(id);
      }
      if (count >= 7) out.group = number(w[6], "group");
      break;
    case TraceFormat::Dramsim3: {
      if (count != 3) fail("", "expected '<0xADDR> <READ|WRITE> <cycle>'");
      out.address = number(w[0], "address");
      out.is_write = op(w[1], "READ", "WRITE", "READ", "WRITE");
      const uint64_t cycle = number(w[2], "cycle");
      const double ps = std::round(double(cycle) * tCK_ps_);
      if (ps > double(kMaxArrivalPs)) fail("cycle", too_late(ps));
      out.time_ps = uint64_t(ps);
      break;
    }
    case TraceFormat::Ramulator:
      if (count != 2) fail("", "expected 'LD|ST <address>'");
      out.is_write = op(w[0], "LD", "ST", "LD", "ST");
      out.address = number(w[1], "address");
      break;
  }
  return accept(out);
}

// What every request must be, whatever its format: inside the stack, and in time order.
bool TraceReader::accept(const TraceRequest& out) {
  if (out.address >= capacity_ || out.bytes > capacity_ - out.address) {
    fail("address", "request [" + std::to_string(out.address) + ", +" + std::to_string(out.bytes) +
                        ") is outside the stack's " + std::to_string(capacity_) + " bytes");
  }
  if (out.time_ps < last_time_ps_) fail("time", "time goes backwards (requests must be in time order)");
  last_time_ps_ = out.time_ps;
  any_request_ = true;
  return true;
}

}  // namespace aimc
