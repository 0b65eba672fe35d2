#include "tb/rtl/compare_coverage.h"

#include <fmt/format.h>

#include <algorithm>

namespace aimc {

void CompareCoverage::add(const RunStats& s, RefreshPolicy refresh, PagePolicy page) {
  for (int c = 0; c < kNumCommands; ++c) commands[size_t(c)] += s.commands[size_t(c)];
  row_hits += s.row_hits;
  row_misses += s.row_misses;
  row_conflicts += s.row_conflicts;
  std::vector<std::string> wanted = {"ACT", "PRE", "RD", "WR", "row hits", "row misses", "row conflicts"};
  if (refresh == RefreshPolicy::AllBank) wanted.insert(wanted.end(), {"REFab", "PREA"});
  if (refresh == RefreshPolicy::PerBank) wanted.push_back("REFpb");
  if (page == PagePolicy::Closed) wanted.insert(wanted.end(), {"RDA", "WRA"});
  for (const std::string& w : wanted) {
    if (std::find(expected.begin(), expected.end(), w) == expected.end()) expected.push_back(w);
  }
}

uint64_t CompareCoverage::count(const std::string& feature) const {
  if (feature == "row hits") return row_hits;
  if (feature == "row misses") return row_misses;
  if (feature == "row conflicts") return row_conflicts;
  const auto cmd = command_from_name(feature);
  return cmd ? commands[size_t(index_of(*cmd))] : 0;
}

std::vector<std::string> CompareCoverage::never_exercised() const {
  std::vector<std::string> out;
  for (const std::string& f : expected) {
    if (count(f) == 0) out.push_back(f);
  }
  return out;
}

std::string CompareCoverage::table() const {
  std::string out;
  for (int c = 0; c < kNumCommands; ++c) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name_of(Command(c)), commands[size_t(c)]);
  }
  return out + fmt::format("; row hits {}, misses {}, conflicts {}", row_hits, row_misses, row_conflicts);
}

}  // namespace aimc
