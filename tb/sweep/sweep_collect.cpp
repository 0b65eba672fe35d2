#include "tb/sweep/sweep_collect.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <vector>

#include "models/params/config_error.h"
#include "tb/sim/headline.h"

namespace aimc {
namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path.string(), 0, "", "cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(path.string(), 0, "", std::string("not a JSON file aimc wrote (") + e.what() + ")");
  }
}

// A figure of the table: its column name, how the Markdown shows it, and how to read it.
struct Figure {
  const char* name;
  const char* format;
  std::optional<double> (*read)(const nlohmann::json& stats, const Headline& h);
};

const Figure kFigures[] = {
    {"GB/s", "{:.1f}", [](const nlohmann::json&, const Headline& h) { return std::optional<double>(h.gbps); }},
    {"decode GB/s", "{:.1f}", [](const nlohmann::json&, const Headline& h) { return h.decode_gbps; }},
    {"decode step ns", "{:.0f}", [](const nlohmann::json&, const Headline& h) { return h.step_ns; }},
    {"tokens/s", "{:.0f}", [](const nlohmann::json&, const Headline& h) { return h.tokens_s; }},
    {"sampling %", "{:.1f}", [](const nlohmann::json&, const Headline& h) { return h.sampling_pct; }},
    {"sample scale", "{:g}",
     [](const nlohmann::json& j, const Headline&) {
       return j.contains("sample_scale") ? std::optional<double>(j["sample_scale"].get<double>()) : std::nullopt;
     }},
    {"KV_READ p99 ns", "{:.0f}", [](const nlohmann::json&, const Headline& h) { return h.kv_p99; }},
    {"BEST_EFFORT p99 ns", "{:.0f}", [](const nlohmann::json&, const Headline& h) { return h.be_p99; }},
    {"read mean ns", "{:.1f}",
     [](const nlohmann::json& j, const Headline&) {
       return j["read_latency"].contains("mean_ns") ? std::optional<double>(j["read_latency"]["mean_ns"].get<double>())
                                                    : std::nullopt;
     }},
    {"row hit %", "{:.1f}", [](const nlohmann::json&, const Headline& h) { return std::optional<double>(100 * h.row_hit); }},
    {"pJ/bit", "{:.2f}", [](const nlohmann::json&, const Headline& h) { return h.pj_per_bit; }},
    {"mJ/token", "{:.2f}", [](const nlohmann::json&, const Headline& h) { return h.mj_per_token; }},
    {"simulated us", "{:.2f}",
     [](const nlohmann::json& j, const Headline&) { return std::optional<double>(j["simulated_ns"].get<double>() / 1000); }},
    {"wall s", "{:.2f}", [](const nlohmann::json& j, const Headline&) { return std::optional<double>(j["wall_s"].get<double>()); }},
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

SweepTables collect_sweep(const std::string& dir) {
  const std::filesystem::path root(dir);
  if (!std::filesystem::is_regular_file(root / "plan.json")) {
    throw ConfigError(dir, 0, "", "no plan.json here; give the folder `aimc sweep` wrote");
  }
  const nlohmann::json plan = read_json(root / "plan.json");
  std::vector<std::string> columns = {"id", "scenario", "policy"};
  const bool backends = plan["backends"].size() > 1, seeds = plan["seeds"].size() > 1;
  if (backends) columns.push_back("backend");
  if (seeds) columns.push_back("seed");
  for (const auto& axis : plan["axes"]) columns.push_back(axis.get<std::string>());
  columns.push_back("status");
  const size_t first_figure = columns.size();
  for (const Figure& f : kFigures) columns.push_back(f.name);

  SweepTables t;
  for (size_t c = 0; c < columns.size(); ++c) t.csv += (c ? "," : "") + csv_field(columns[c]);
  t.csv += "\n";
  t.markdown = "|";
  for (const std::string& c : columns) t.markdown += " " + c + " |";
  t.markdown += "\n|";
  for (size_t c = 0; c < columns.size(); ++c) t.markdown += c < first_figure ? " --- |" : " ---: |";
  t.markdown += "\n";
  for (const auto& p : plan["points"]) {
    ++t.points;
    const std::string id = p["id"].get<std::string>();
    std::vector<std::string> csv_row = {id, p["scenario"].get<std::string>(), p["policy"].get<std::string>()};
    if (backends) csv_row.push_back(p["backend"].get<std::string>());
    if (seeds) csv_row.push_back(std::to_string(p["seed"].get<int>()));
    for (const auto& axis : plan["axes"]) {
      const auto& v = p["axes"][axis.get<std::string>()];
      csv_row.push_back(v.is_null() ? "n/a" : v.get<std::string>());
    }
    std::vector<std::string> md_row = csv_row;
    const std::filesystem::path stats_path = root / "points" / (id + ".json");
    if (std::filesystem::is_regular_file(stats_path)) {
      ++t.finished;
      const nlohmann::json stats = read_json(stats_path);
      const bool truncated = !stats["truncated_after_requests"].is_null();
      csv_row.push_back(truncated ? "truncated" : "done");
      md_row.push_back(csv_row.back());
      const Headline h = headline(stats);
      for (const Figure& f : kFigures) {
        const std::optional<double> v = f.read(stats, h);
        csv_row.push_back(v ? fmt::format("{}", *v) : "");
        md_row.push_back(v ? fmt::format(fmt::runtime(f.format), *v) : "-");
      }
    } else {
      const bool started = std::filesystem::is_regular_file(root / "points" / (id + ".log"));  // failed, or still running
      csv_row.push_back(started ? "unfinished" : "pending");
      md_row.push_back(csv_row.back());
      for (size_t f = 0; f < std::size(kFigures); ++f) csv_row.push_back(""), md_row.push_back("-");
    }
    for (size_t c = 0; c < csv_row.size(); ++c) t.csv += (c ? "," : "") + csv_field(csv_row[c]);
    t.csv += "\n";
    t.markdown += "|";
    for (const std::string& cell : md_row) t.markdown += " " + cell + " |";
    t.markdown += "\n";
  }
  return t;
}

}  // namespace aimc
