#include "tb/cli/replay.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "models/params/config_error.h"
#include "tb/sim/text_file.h"
#include "tb/sweep/sweep_spec.h"

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

// The recorded file `key` written back at its old absolute path below `root`; returns that path.
std::string restore(const std::string& stats_path, const nlohmann::json& replay, const char* key, const fs::path& root) {
  const nlohmann::json& file = replay.contains(key) ? replay[key] : nlohmann::json();
  if (!file.is_object() || !file.contains("path") || !file["path"].is_string() || !file.contains("text") ||
      !file["text"].is_string()) {
    throw ConfigError(stats_path, 0, std::string("run.replay.") + key, "expected {path, text} of the file the run read");
  }
  const fs::path at = root / fs::path(file["path"].get<std::string>()).relative_path();
  fs::create_directories(at.parent_path());
  write_text_file(at.string(), file["text"].get<std::string>());
  return at.string();
}

// The recorded options of a run, read as the command line would take them: a wrong type or a
// value its option refuses names the field, so a hand-edited stats file never runs nonsense.
class RecordedOptions {
 public:
  RecordedOptions(const std::string& stats_path, const nlohmann::json& options)
      : stats_path_(stats_path), o_(options) {
    if (!o_.is_object()) throw ConfigError(stats_path_, 0, "run.replay.options", "expected an object");
  }
  std::string text(const char* key, std::initializer_list<const char*> choices = {}) const {
    const nlohmann::json& v = at(key);
    if (!v.is_string()) throw error(key, "expected a string, got " + v.dump());
    const std::string t = v.get<std::string>();
    if (choices.size() > 0 && std::find(choices.begin(), choices.end(), t) == choices.end()) {
      throw error(key, "'" + t + "' is not one of the values this option takes");
    }
    return t;
  }
  std::vector<std::string> texts(const char* key) const {
    const nlohmann::json& v = at(key);
    if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_string(); })) {
      throw error(key, "expected a list of strings, got " + v.dump());
    }
    return v.get<std::vector<std::string>>();
  }
  int64_t integer(const char* key, int64_t lo, int64_t hi) const {
    const nlohmann::json& v = at(key);
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(hi)) ||
        v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
      throw error(key, fmt::format("expected a whole number from {} to {}, got {}", lo, hi, v.dump()));
    }
    return v.get<int64_t>();
  }
  // `absent`: the value when the key is missing (an option newer than the file), if it may be.
  double number(const char* key, double lo, double hi, std::optional<double> absent = std::nullopt) const {
    if (absent && !o_.contains(key)) return *absent;
    const nlohmann::json& v = at(key);
    const double x = v.is_number() ? v.get<double>() : std::nan("");
    if (!std::isfinite(x) || x < lo || x > hi) throw error(key, fmt::format("expected {:g} to {:g}, got {}", lo, hi, v.dump()));
    return x;
  }
  bool flag(const char* key) const {
    const nlohmann::json& v = at(key);
    if (!v.is_boolean()) throw error(key, "expected true or false, got " + v.dump());
    return v.get<bool>();
  }

 private:
  const nlohmann::json& at(const char* key) const {
    if (!o_.contains(key)) throw error(key, "missing");
    return o_[key];
  }
  ConfigError error(const char* key, const std::string& what) const {
    return ConfigError(stats_path_, 0, std::string("run.replay.options.") + key, what);
  }
  const std::string& stats_path_;
  const nlohmann::json& o_;
};

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
  const nlohmann::json& r = stats.at("run").at("replay");
  try {
    for (const auto& t : r.at("traces")) {
      const std::string path = t.at("path").get<std::string>();
      std::error_code ec;
      const auto bytes = fs::file_size(path, ec);
      if (ec || bytes != t.at("bytes").get<uint64_t>()) {
        throw ConfigError(stats_path, 0, "run.replay.traces",
                          "the run read " + path + " (" + std::to_string(t.at("bytes").get<uint64_t>()) + " bytes), which " +
                              (ec ? std::string("is gone") : "now has " + std::to_string(bytes) + " bytes"));
      }
    }
    const fs::path root(scratch_dir);
    RunArgs a = given;
    const RecordedOptions o(stats_path, r.at("options"));
    a.scenario = r.contains("scenario") && r["scenario"].is_null() ? "" : restore(stats_path, r, "scenario", root);
    const std::string memspec = restore(stats_path, r, "memspec", root);
    a.memspec = r.at("memspec_given").get<bool>() ? memspec : "";
    a.trace = o.text("trace");
    a.trace_format = o.text("trace_format", {"", "native", "dramsim3", "ramulator"});
    a.sets = o.texts("sets");
    a.policy = o.text("policy", {"", "fcfs", "fr_fcfs", "ai_aware"});
    a.page_policy = o.text("page_policy", {"", "open", "closed"});
    a.refresh = o.text("refresh", {"", "all_bank", "per_bank", "off"});
    a.queue_depth = int(o.integer("queue_depth", 0, 4096));       // 0: the scenario's own
    a.row_hit_cap = int(o.integer("row_hit_cap", 0, 1 << 20));
    a.xor_bank_hash = o.flag("xor_bank_hash");
    a.backend = o.text("backend", {"model", "tlm", "rtl"});
    a.tlm_socket = o.flag("tlm_socket");
    a.tlm_mode = o.text("tlm_mode", {"at", "exact", "lt"});
    a.quantum_ns = o.number("quantum_ns", 0.001, 1e9);
    a.tlm_mode_given = o.flag("tlm_mode_given");
    a.quantum_given = o.flag("quantum_given");
    a.max_requests = uint64_t(o.integer("max_requests", 0, int64_t{1000000000000000}));  // 0: all
    a.seed_offset = int(o.integer("seed_offset", 0, kMaxSeedOffset));
    // Absent from stats files written before these options existed.
    a.sample_scale = o.number("sample_scale", 1.0, 10000.0, 1.0);
    a.sample_until_pct = o.number("sample_until_pct", 0.0, 50.0, 0.0);
    a.sample_until_max = o.number("sample_until_max", 1.0, 10000.0, 64.0);
    return a;
  } catch (const nlohmann::json::exception& e) {
    throw ConfigError(stats_path, 0, "run.replay", std::string("incomplete replay record (") + e.what() + ")");
  }
}

}  // namespace aimc
