#include "tb/sim/text_file.h"

#include <fstream>
#include <stdexcept>

namespace aimc {

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open for writing");
  f << text;
  f.flush();
  if (!f) throw std::runtime_error(path + ": write failed");
}

}  // namespace aimc
