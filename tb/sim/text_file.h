// write_text_file: writes a whole text file, throwing std::runtime_error naming the path when
// it cannot be created or written.
#pragma once

#include <string>

namespace aimc {

void write_text_file(const std::string& path, const std::string& text);

}  // namespace aimc
