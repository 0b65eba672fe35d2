#include "tb/trace/trace_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "models/params/config_error.h"

namespace aimc {
namespace {

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == ',' || line[i] == '\r')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != ',' && line[i] != '\r' &&
           line[i] != '#') {
      ++i;
    }
    words.push_back(line.substr(start, i - start));
  }
  return words;
}

// Parses a whole word as an unsigned number: 0x-prefixed hex or decimal.
bool parse_number(const std::string& w, uint64_t& out) {
  if (w.empty() || w[0] == '-' || w[0] == '+') return false;
  const bool hex = w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
  errno = 0;
  char* end = nullptr;
  out = std::strtoull(w.c_str(), &end, hex ? 16 : 10);
  return errno == 0 && end == w.c_str() + w.size();
}

}  // namespace

TraceReader::TraceReader(const std::string& path, TraceFormat format, double tCK_ps,
                         uint64_t capacity_bytes)
    : path_(path), in_(path, std::ios::binary), format_(format), tCK_ps_(tCK_ps), capacity_(capacity_bytes) {
  if (!in_) throw ConfigError(path, 0, "", "cannot open trace file");
  in_.seekg(0, std::ios::end);
  file_bytes_ = uint64_t(in_.tellg());
  in_.seekg(0);
}

void TraceReader::fail(const std::string& field, const std::string& what) const {
  throw ConfigError(path_, line_no_, field, what);
}

bool TraceReader::next(TraceRequest& out) {
  std::string line;
  while (std::getline(in_, line)) {
    ++line_no_;
    bytes_read_ += line.size() + 1;
    if (parse(line, out)) return true;
  }
  return false;
}

bool TraceReader::parse(const std::string& line, TraceRequest& out) {
  const std::vector<std::string> w = split_words(line);
  if (w.empty()) return false;
  out = TraceRequest{};
  out.line = line_no_;
  out.bytes = kDefaultRequestBytes;
  auto op = [&](const std::string& word, const char* rd, const char* wr, const char* rd2, const char* wr2) {
    if (word == rd || word == rd2) return false;
    if (word == wr || word == wr2) return true;
    fail("operation", "expected " + std::string(rd) + " or " + wr + ", got '" + word + "'");
  };
  auto number = [&](const std::string& word, const char* field) {
    uint64_t v = 0;
    if (!parse_number(word, v)) fail(field, "expected a number (decimal or 0x hex), got '" + word + "'");
    return v;
  };
  switch (format_) {
    case TraceFormat::Native:
      if (w.size() < 3 || w.size() > 4) fail("", "expected '<time_ps> <R|W> <address> [<bytes>]'");
      out.time_ps = number(w[0], "time_ps");
      out.is_write = op(w[1], "R", "W", "READ", "WRITE");
      out.address = number(w[2], "address");
      if (w.size() == 4) {
        const uint64_t b = number(w[3], "bytes");
        if (b == 0 || b > (1u << 20)) fail("bytes", "request size must be 1 .. 1048576 bytes");
        out.bytes = uint32_t(b);
      }
      break;
    case TraceFormat::Dramsim3: {
      if (w.size() != 3) fail("", "expected '<0xADDR> <READ|WRITE> <cycle>'");
      out.address = number(w[0], "address");
      out.is_write = op(w[1], "READ", "WRITE", "READ", "WRITE");
      const uint64_t cycle = number(w[2], "cycle");
      out.time_ps = uint64_t(std::llround(double(cycle) * tCK_ps_));
      break;
    }
    case TraceFormat::Ramulator:
      if (w.size() != 2) fail("", "expected 'LD|ST <address>'");
      out.is_write = op(w[0], "LD", "ST", "LD", "ST");
      out.address = number(w[1], "address");
      break;
  }
  if (out.address >= capacity_ || out.bytes > capacity_ - out.address) {
    fail("address", "request [" + std::to_string(out.address) + ", +" + std::to_string(out.bytes) +
                        ") is outside the stack's " + std::to_string(capacity_) + " bytes");
  }
  if (out.time_ps < last_time_ps_) fail("time", "time goes backwards (requests must be in time order)");
  last_time_ps_ = out.time_ps;
  return true;
}

}  // namespace aimc
