// `aimc sweep` as a user runs it: a run, a resumed run, the merged table, the cluster files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/cli_support.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

using test::aimc;
using test::Result;

// The shipped 3-axis sweep (policy x data rate x ai_aware age limit: 6 points).
const std::string kSweep = test::source_path("sweeps/decode_policy_rate.yaml");

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

nlohmann::json json_of(const std::string& path) { return nlohmann::json::parse(test::read_text(path)); }

TEST(SweepCli, RunsEveryPointOnceResumesAndMergesOneTable) {
  const std::string dir = test::temp_path("sweep");
  std::filesystem::remove_all(dir);
  Result r = aimc("sweep " + kSweep + " -o " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("6 points, 0 done already, 6 to run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("6 ran, 0 done before, 0 failed"), std::string::npos) << r.output;

  // A rerun runs nothing; a point whose stats are gone runs again, alone.
  r = aimc("sweep " + kSweep + " -o " + dir);
  EXPECT_NE(r.output.find("0 ran, 6 done before"), std::string::npos) << r.output;
  const nlohmann::json plan = json_of(dir + "/plan.json");
  ASSERT_EQ(plan["points"].size(), 6u);
  const std::string gone = plan["points"][3]["id"].get<std::string>();
  std::filesystem::remove(dir + "/points/" + gone + ".json");
  r = aimc("sweep " + kSweep + " -o " + dir);
  EXPECT_NE(r.output.find("1 ran, 5 done before"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(gone), std::string::npos) << r.output;

  r = aimc("sweep collect " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> csv = lines_of(dir + "/results.csv");
  ASSERT_EQ(csv.size(), 7u);
  EXPECT_EQ(csv[0].rfind("id,scenario,policy,memspec.data_rate_gbps,controller.ai_aware.age_limit_ns,status,GB/s,", 0), 0u)
      << csv[0];
  int not_applicable = 0;
  for (size_t i = 1; i < csv.size(); ++i) {
    EXPECT_NE(csv[i].find(",done,"), std::string::npos) << csv[i];
    if (csv[i].find(",fr_fcfs,") != std::string::npos) {
      EXPECT_NE(csv[i].find(",n/a,"), std::string::npos) << csv[i];
      ++not_applicable;
    }
  }
  EXPECT_EQ(not_applicable, 2);  // fr_fcfs once per data rate, not once per age limit
  EXPECT_EQ(lines_of(dir + "/results.md").size(), 8u);
}

TEST(SweepCli, APointIsTheRunItsCommandMakes) {
  const std::string dir = test::temp_path("sweep");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(aimc("sweep " + kSweep + " -o " + dir + " -q").exit_code, 0);
  const nlohmann::json point = json_of(dir + "/plan.json")["points"][2];
  const std::string id = point["id"].get<std::string>();
  std::string args;
  const auto& command = point["command"];
  for (size_t i = 2; i < command.size(); ++i) {
    const std::string a = command[i].get<std::string>();
    args += " '" + (a.size() > 5 && a.substr(a.size() - 5) == ".json" ? test::temp_path("again.json") : a) + "'";
  }
  ASSERT_EQ(aimc("run" + args).exit_code, 0);
  nlohmann::json swept = json_of(dir + "/points/" + id + ".json"), again = json_of(test::temp_path("again.json"));
  for (nlohmann::json* j : {&swept, &again}) {
    j->erase("wall_s"), j->erase("requests_per_wall_s");
    (*j)["run"].erase("command_line");
  }
  EXPECT_EQ(swept, again);
  EXPECT_EQ(swept["run"]["policy"], point["policy"]);
}

TEST(SweepCli, WritesTheClusterFilesForTheUnfinishedPoints) {
  const std::string dir = test::temp_path("sweep");
  std::filesystem::remove_all(dir);
  Result r = aimc("sweep " + kSweep + " -o " + dir + " --slurm --no-submit --chunk 4 --partition short --time 00:10:00");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string job = test::read_text(dir + "/slurm/job.sh");
  EXPECT_NE(job.find("#SBATCH --array=0-1\n"), std::string::npos) << job;  // 6 points, 4 per task
  EXPECT_NE(job.find("#SBATCH --partition=short\n"), std::string::npos) << job;
  EXPECT_NE(job.find("#SBATCH --time=00:10:00\n"), std::string::npos) << job;
  EXPECT_EQ(lines_of(dir + "/slurm/commands.txt").size(), 6u);

  const std::string commands = test::temp_path("parallel.txt");
  r = aimc("sweep " + kSweep + " -o " + dir + " --emit-parallel " + commands);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> lines = lines_of(commands);
  ASSERT_EQ(lines.size(), 6u);
  // Each line runs as it stands: the first one, through the shell, writes its point's stats.
  ASSERT_EQ(test::shell(lines[0]).exit_code, 0);
  r = aimc("sweep " + kSweep + " -o " + dir + " --dry-run");
  EXPECT_NE(r.output.find("done"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("6 points; nothing run"), std::string::npos) << r.output;
}

TEST(SweepCli, ABadSweepFileFailsBeforeAnythingRuns) {
  const std::string spec = test::write_temp("bad.yaml", "scenarios: [" + test::source_path("scenarios/default.yaml") +
                                                            "]\naxes:\n  controller.queue_deph: [32]\n");
  const std::string dir = test::temp_path("sweep");
  std::filesystem::remove_all(dir);
  const Result r = aimc("sweep " + spec + " -o " + dir);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(spec + ": point p"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("queue_deph"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace aimc
