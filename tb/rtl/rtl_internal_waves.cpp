#include "tb/rtl/rtl_internal_waves.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <tuple>

#include "verilated.h"
#include "verilated_syms.h"

namespace aimc {

namespace {

// "g_view_pc[1]" -> ("g_view_pc", 1); a name without an index -> (name, -1).
std::pair<std::string, int> split_index(const std::string& part) {
  const size_t open = part.find('[');
  if (open == std::string::npos || part.back() != ']') return {part, -1};
  return {part.substr(0, open), std::stoi(part.substr(open + 1, part.size() - open - 2))};
}

// The readable name of one level of the design's hierarchy (see the header).
std::string readable_scope(const std::string& part, const Organization& org) {
  const auto [name, index] = split_index(part);
  if (name == "g_view") return "sched";
  if (name == "g_view_pc") return fmt::format("pc{}", index);
  if (name == "g_bank") return org.bank_label(index / org.banks_per_group, index % org.banks_per_group);
  if (name == "u_timing") return "timing";
  return part;
}

std::vector<std::string> split_dots(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) parts.push_back(path.substr(start, dot - start));
  parts.push_back(path.substr(start));
  return parts;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

RtlInternalWaves::RtlInternalWaves(const RtlWaveRequest& request, const MemSpec& spec, VerilatedContext& context)
    : out_(*request.out), spec_(spec), from_(request.from), until_(request.until) {
  // Scope names are "<model>.<top module>.<levels...>"; keep those within the depth asked for,
  // in a stable order (the scope table is a map by name).
  struct Found {
    std::vector<std::pair<std::string, int>> key;  // the design's levels, indices as numbers
    std::vector<std::string> levels;               // readable, below the channel
    std::string name;
    const VerilatedVar* var;
  };
  std::vector<Found> found;
  for (const auto& [scope_name, scope] : *context.scopeNameMap()) {
    const std::vector<std::string> parts = split_dots(scope_name);
    if (parts.size() < 3 || int(parts.size()) - 2 > request.depth || scope->varsp() == nullptr) continue;
    Found f;
    bool unused_bank = false;  // the package has 64 banks per pseudo-channel; the part may have fewer
    for (size_t i = 2; i < parts.size(); ++i) {
      f.key.push_back(split_index(parts[i]));
      f.levels.push_back(readable_scope(parts[i], spec.org));
      unused_bank |= f.key.back().first == "g_bank" && f.key.back().second >= spec.org.banks_per_pc();
    }
    if (unused_bank) continue;
    for (const auto& [var_name, var] : *scope->varsp()) {
      f.name = var_name;
      f.var = &var;
      found.push_back(f);
    }
  }
  if (found.empty()) throw std::runtime_error("the Verilated RTL has no public debug signals to dump (--wave-rtl)");
  // The design's order: a scope before the scopes inside it, bank 2 before bank 10; in a scope,
  // signals by their prefix (col_, row_, rd_...), each group opening with its valid bit and command.
  const auto order_in_scope = [](const std::string& name) {
    const std::string prefix = name.substr(0, name.find('_'));
    const int rank = name.find("found") != std::string::npos || name.find("valid") != std::string::npos ? 0
                     : name.find("cmd") != std::string::npos                                             ? 1
                                                                                                         : 2;
    return std::make_tuple(prefix, rank, name);
  };
  std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    if (a.key != b.key) return a.key < b.key;
    return order_in_scope(a.name) < order_in_scope(b.name);
  });

  out_.push_scope(request.top);
  out_.push_scope(fmt::format("ch{:02d}", request.channel));
  std::vector<std::string> open;  // the scopes pushed below the channel
  for (const Found& f : found) {
    size_t common = 0;
    while (common < open.size() && common < f.levels.size() && open[common] == f.levels[common]) ++common;
    while (open.size() > common) {
      out_.pop_scope();
      open.pop_back();
    }
    for (size_t i = common; i < f.levels.size(); ++i) {
      out_.push_scope(f.levels[i]);
      open.push_back(f.levels[i]);
    }
    const VerilatedVar& v = *f.var;
    int storage = 0;
    switch (v.vltype()) {
      case VLVT_UINT8: storage = 1; break;
      case VLVT_UINT16: storage = 2; break;
      case VLVT_UINT32: storage = 4; break;
      case VLVT_UINT64: storage = 8; break;
      default: continue;  // wider than 64 bits: none in the debug view
    }
    const int bits = v.dims() > 0 ? std::abs(v.packed().left() - v.packed().right()) + 1 : 1;
    std::string name = f.name;
    if (ends_with(name, "_v")) name.resize(name.size() - 2);
    const bool command = ends_with(name, "cmd");
    signals_.push_back({out_.add_var(name, command ? 0 : bits), v.datap(), bits, storage, command});
  }
  while (!open.empty()) {
    out_.pop_scope();
    open.pop_back();
  }
  out_.pop_scope();
  out_.pop_scope();
}

uint64_t RtlInternalWaves::read(const Signal& s) const {
  uint64_t value = 0;
  std::memcpy(&value, s.data, size_t(s.storage_bytes));  // little-endian, as x86 and Verilator's C types
  return s.bits >= 64 ? value : value & ((uint64_t{1} << s.bits) - 1);
}

void RtlInternalWaves::sample(Cycle cycle) {
  if (cycle < from_ || cycle >= until_) return;
  bool time_written = false;
  for (Signal& s : signals_) {
    const uint64_t value = read(s);
    if (started_ && value == s.last) continue;
    if (!time_written) {
      out_.time(spec_.cycle_ps(cycle));
      time_written = true;
    }
    s.last = value;
    if (!s.command) {
      out_.value(s.var, value);
    } else {
      out_.text(s.var, value < uint64_t(kNumCommands) ? std::string(kCommandNames[value]) : fmt::format("?{}", value));
    }
  }
  started_ = true;
}

}  // namespace aimc
