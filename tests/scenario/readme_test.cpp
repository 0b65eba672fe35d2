// The README's quick start shows what a fresh clone prints: its output block is the default
// scenario under FR-FCFS and ai_aware, as tools/quickstart.sh runs it.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/support/test_support.h"

namespace aimc {
namespace {

// The text between two marker lines, without the code fence around it.
std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const size_t a = text.find(open);
  const size_t b = text.find(close);
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  std::string block = text.substr(a + open.size(), b - a - open.size());
  const std::string fence = "```";
  const size_t first = block.find(fence + "\n");
  const size_t last = block.rfind(fence);
  if (first == std::string::npos || last == std::string::npos || last <= first) return "";
  return block.substr(first + fence.size() + 1, last - first - fence.size() - 1);
}

std::string stdout_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  return out;
}

TEST(Readme, QuickStartOutputIsWhatTheDefaultRunPrints) {
  const std::string args = "compare-policies scenarios/default.yaml --policies fr_fcfs ai_aware --sampling-check";
  ASSERT_NE(test::read_text(test::source_path("tools/quickstart.sh")).find("./build/aimc " + args), std::string::npos)
      << "tools/quickstart.sh no longer runs `aimc " << args << "`: update this test and the README together";
  const std::string shown =
      between(test::read_text(test::source_path("README.md")), "<!-- quickstart-output -->", "<!-- /quickstart-output -->");
  ASSERT_FALSE(shown.empty()) << "README.md has no quickstart-output block";
  const std::string printed = stdout_of("cd " + test::source_path("") + " && " + AIMC_BINARY + " " + args);
  EXPECT_EQ(shown, printed) << "update README.md's quick-start block with what the command prints";
}

}  // namespace
}  // namespace aimc
