// Helpers shared by the test suites: paths to shipped files, scratch files, and a small
// controller harness that records every command and completion.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "models/core/memory_controller.h"
#include "models/params/config_error.h"
#include "models/params/memspec.h"

namespace aimc::test {

// The ConfigError that `load` throws, or none.
template <typename Load>
std::optional<ConfigError> config_error(Load&& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e;
  }
  return std::nullopt;
}

inline std::string source_path(const std::string& rel) { return std::string(AIMC_SOURCE_DIR) + "/" + rel; }
inline MemSpec hbm3e() { return load_memspec(source_path("scenarios/memspec/hbm3e_9600_8h.yaml")); }
inline MemSpec hbm3() { return load_memspec(source_path("scenarios/memspec/hbm3_6400_8h.yaml")); }

// Every shipped scenario file (scenarios/**/*.yaml but the memspecs), sorted.
inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source_path("scenarios"))) {
    const std::string p = e.path().string();
    if (e.path().extension() == ".yaml" && p.find("/memspec/") == std::string::npos) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every memspec preset (scenarios/memspec/*.yaml), sorted.
inline std::vector<std::string> memspec_presets() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(source_path("scenarios/memspec"))) {
    if (e.path().extension() == ".yaml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The whole text of a file ("" if it cannot be read).
inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The scratch directory of the running test: unique to it (ctest runs tests in parallel
// processes) and to this process (two build trees on one machine). It is removed when the test
// passes and kept when it fails, so that its files can be read.
inline std::string temp_dir() {
  struct RemoveScratchOnPass : ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo& info) override {
      if (info.result()->Passed()) {
        std::error_code ignored;
        std::filesystem::remove_all(dir_of(info), ignored);
      }
    }
    static std::string dir_of(const ::testing::TestInfo& info) {
      std::string name = std::string("aimc.") + info.test_suite_name() + "." + info.name() + "." +
                         std::to_string(getpid());
      std::replace(name.begin(), name.end(), '/', '_');
      return ::testing::TempDir() + name + "/";
    }
  };
  static const bool registered = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(new RemoveScratchOnPass);  // gtest owns it
    return true;
  }();
  (void)registered;
  const std::string dir = RemoveScratchOnPass::dir_of(*::testing::UnitTest::GetInstance()->current_test_info());
  std::filesystem::create_directories(dir);
  return dir;
}

// A scratch path in the running test's scratch directory.
inline std::string temp_path(const std::string& name) { return temp_dir() + name; }

// A scratch file written with the given text.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

struct Completion {
  Access access;
  RowOutcome outcome;
  Cycle done;
};

class Recorder : public ControllerListener {
 public:
  void on_command(const CommandRecord& r) override { commands.push_back(r); }
  void on_access_done(const Access& a, RowOutcome o, Cycle done) override { completions.push_back({a, o, done}); }
  std::vector<CommandRecord> commands;
  std::vector<Completion> completions;
};

// Steps a controller from event to event until it is empty or `limit` cycles pass.
inline Cycle drain(MemoryController& mc, Cycle now, Cycle limit = 10'000'000) {
  while (mc.queued() > 0 && now < limit) {
    mc.advance(now);
    now = mc.next_event();
  }
  return now;
}

}  // namespace aimc::test
