#include "tb/protocol/cmd_trace_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "models/params/config_error.h"
#include "tb/sim/cmd_trace_writer.h"

namespace aimc {

std::vector<CommandRecord> read_cmd_trace(const std::string& path, double tCK_ps, std::vector<int>* lines) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, 0, "", "cannot open command trace");
  std::string line;
  int line_no = 1;
  if (!std::getline(in, line) || line.substr(0, line.find_last_not_of("\r") + 1) != CmdTraceWriter::kHeader) {
    throw ConfigError(path, 1, "header", std::string("expected header '") + CmdTraceWriter::kHeader + "'");
  }
  static const char* kFields[] = {"time_ps", "channel", "pseudo_channel", "command", "bank_group", "bank", "row", "column"};
  constexpr int kNumFields = 8, kFirstAddressField = 4;  // bank_group onwards: -1 where not carried
  std::vector<CommandRecord> out;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (cells.size() != size_t(kNumFields)) throw ConfigError(path, line_no, "", "expected 8 comma-separated fields");
    long long v[kNumFields] = {};
    for (int i = 0; i < kNumFields; ++i) {
      if (i == 3) continue;
      char* end = nullptr;
      errno = 0;
      v[i] = std::strtoll(cells[i].c_str(), &end, 10);
      if (cells[i].empty() || *end != '\0') throw ConfigError(path, line_no, kFields[i], "expected an integer, got '" + cells[i] + "'");
      if (errno == ERANGE) throw ConfigError(path, line_no, kFields[i], "'" + cells[i] + "' is out of range");
    }
    const auto cmd = command_from_name(cells[3]);
    if (!cmd) throw ConfigError(path, line_no, "command", "unknown command '" + cells[3] + "'");
    if (v[0] < 0) throw ConfigError(path, line_no, "time_ps", "negative time");
    const double cycles = double(v[0]) / tCK_ps;
    const long long cycle = std::llround(cycles);
    if (std::fabs(double(cycle) * tCK_ps - double(v[0])) > 1.0) {
      throw ConfigError(path, line_no, "time_ps", "not on a clock edge of tCK " + std::to_string(tCK_ps) + " ps");
    }
    // The checker takes commands in time order (every run writes them so); one going back would
    // make each rule it breaks report a gap of nearly 2^64 cycles.
    if (!out.empty() && Cycle(cycle) < out.back().cycle) {
      throw ConfigError(path, line_no, "time_ps", "time goes backwards (commands must be in time order)");
    }
    // The fields a command does not carry are -1, as CmdTraceWriter writes them: a value there
    // is a trace that means something else than it says.
    const bool carries[kNumFields] = {true, true, true, true, !is_pc_wide(*cmd), !is_pc_wide(*cmd),
                                      *cmd == Command::ACT || is_column(*cmd), is_column(*cmd)};
    for (int i = kFirstAddressField; i < kNumFields; ++i) {
      if (!carries[i] && v[i] != -1) {
        throw ConfigError(path, line_no, kFields[i],
                          std::string(name_of(*cmd)) + " carries no " + kFields[i] + ": expected -1, got '" + cells[i] + "'");
      }
    }
    CommandRecord r;
    r.cycle = Cycle(cycle);
    r.command = *cmd;
    r.addr = {int(v[1]), int(v[2]), int(v[4]), int(v[5]), v[6], int(v[7])};
    out.push_back(r);
    if (lines != nullptr) lines->push_back(line_no);
  }
  if (out.empty()) throw ConfigError(path, line_no, "", "holds no commands after its header");
  return out;
}

}  // namespace aimc
