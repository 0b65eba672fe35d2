// Running the aimc binary from a test as a user would, with its exit code and console output.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace aimc::test {

struct Result {
  int exit_code;
  std::string output;  // stdout and stderr
};

inline Result shell(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe.release());
  return {WEXITSTATUS(status), out};
}

inline Result aimc(const std::string& args) { return shell(std::string(AIMC_BINARY) + " " + args); }

}  // namespace aimc::test
