#include "tb/cli/replay.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/params/config_error.h"
#include "tb/sim/text_file.h"

namespace aimc {
namespace {

namespace fs = std::filesystem;

std::string absolute_path(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

nlohmann::json file_record(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return {{"path", absolute_path(path)}, {"text", text.str()}};
}

// The recorded file written back at its old absolute path below `root`; returns that path.
std::string restore(const nlohmann::json& file, const fs::path& root) {
  const fs::path at = root / fs::path(file["path"].get<std::string>()).relative_path();
  fs::create_directories(at.parent_path());
  write_text_file(at.string(), file["text"].get<std::string>());
  return at.string();
}

}  // namespace

nlohmann::json replay_record(const RunArgs& a, const Scenario& s) {
  nlohmann::json traces = nlohmann::json::array();
  for (const StreamSpec& st : s.traffic.streams) {
    if (st.kind != StreamKind::Trace) continue;
    std::error_code ec;
    const auto bytes = fs::file_size(st.trace_path, ec);
    traces.push_back({{"path", absolute_path(st.trace_path)}, {"bytes", ec ? 0 : bytes}});
  }
  return {
      {"scenario", a.scenario.empty() ? nlohmann::json(nullptr) : file_record(a.scenario)},
      {"memspec", file_record(s.memspec.source_file)},
      {"memspec_given", !a.memspec.empty()},
      {"traces", traces},
      {"options",
       {{"trace", a.trace.empty() ? "" : absolute_path(a.trace)},
        {"trace_format", a.trace_format},
        {"sets", a.sets},
        {"policy", a.policy},
        {"page_policy", a.page_policy},
        {"refresh", a.refresh},
        {"queue_depth", a.queue_depth},
        {"row_hit_cap", a.row_hit_cap},
        {"xor_bank_hash", a.xor_bank_hash},
        {"backend", a.backend},
        {"tlm_socket", a.tlm_socket},
        {"tlm_mode", a.tlm_mode},
        {"quantum_ns", a.quantum_ns},
        {"tlm_mode_given", a.tlm_mode_given},
        {"quantum_given", a.quantum_given},
        {"max_requests", a.max_requests},
        {"seed_offset", a.seed_offset},
        {"sample_scale", a.sample_scale},
        {"sample_until_pct", a.sample_until_pct},
        {"sample_until_max", a.sample_until_max}}}};
}

RunArgs replay_args(const std::string& stats_path, const RunArgs& given, const std::string& scratch_dir) {
  nlohmann::json stats;
  try {
    std::ifstream in(stats_path);
    if (!in) throw ConfigError(stats_path, 0, "", "cannot open");
    stats = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(stats_path, 0, "", std::string("not a JSON file (") + e.what() + ")");
  }
  if (!stats.contains("run") || !stats["run"].contains("replay")) {
    throw ConfigError(stats_path, 0, "run.replay", "this stats file records no replay (written by an older aimc?)");
  }
  const nlohmann::json& r = stats["run"]["replay"];
  try {
    for (const auto& t : r["traces"]) {
      const std::string path = t["path"].get<std::string>();
      std::error_code ec;
      const auto bytes = fs::file_size(path, ec);
      if (ec || bytes != t["bytes"].get<uint64_t>()) {
        throw ConfigError(stats_path, 0, "run.replay.traces",
                          "the run read " + path + " (" + std::to_string(t["bytes"].get<uint64_t>()) + " bytes), which " +
                              (ec ? std::string("is gone") : "now has " + std::to_string(bytes) + " bytes"));
      }
    }
    const fs::path root(scratch_dir);
    RunArgs a = given;
    const nlohmann::json& o = r["options"];
    a.scenario = r["scenario"].is_null() ? "" : restore(r["scenario"], root);
    const std::string memspec = restore(r["memspec"], root);
    a.memspec = r["memspec_given"].get<bool>() ? memspec : "";
    a.trace = o["trace"].get<std::string>();
    a.trace_format = o["trace_format"].get<std::string>();
    a.sets = o["sets"].get<std::vector<std::string>>();
    a.policy = o["policy"].get<std::string>();
    a.page_policy = o["page_policy"].get<std::string>();
    a.refresh = o["refresh"].get<std::string>();
    a.queue_depth = o["queue_depth"].get<int>();
    a.row_hit_cap = o["row_hit_cap"].get<int>();
    a.xor_bank_hash = o["xor_bank_hash"].get<bool>();
    a.backend = o["backend"].get<std::string>();
    a.tlm_socket = o["tlm_socket"].get<bool>();
    a.tlm_mode = o["tlm_mode"].get<std::string>();
    a.quantum_ns = o["quantum_ns"].get<double>();
    a.tlm_mode_given = o["tlm_mode_given"].get<bool>();
    a.quantum_given = o["quantum_given"].get<bool>();
    a.max_requests = o["max_requests"].get<uint64_t>();
    a.seed_offset = o["seed_offset"].get<int>();
    a.sample_scale = o.value("sample_scale", 1.0);  // absent from stats files written before it existed
    a.sample_until_pct = o.value("sample_until_pct", 0.0);
    a.sample_until_max = o.value("sample_until_max", 64.0);
    return a;
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(stats_path, 0, "run.replay", std::string("incomplete replay record (") + e.what() + ")");
  }
}

}  // namespace aimc
