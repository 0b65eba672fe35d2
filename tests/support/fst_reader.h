// read_fst: every value change of an FST file, by full signal name ("aimc.ch00.row_valid"), read
// back with GTKWave's own reader (fstapi) so that tests check what a viewer will show.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "fstapi.h"

namespace aimc::test {

// name -> (time, value) in time order; vectors as bit strings, text signals as their text.
using FstChanges = std::map<std::string, std::vector<std::pair<uint64_t, std::string>>>;

inline FstChanges read_fst(const std::string& path) {
  void* ctx = fstReaderOpen(path.c_str());
  if (!ctx) throw std::runtime_error(path + ": not an FST file");
  struct State {
    std::map<fstHandle, std::string> names;
    FstChanges changes;
  } st;
  std::vector<std::string> scope;
  while (const fstHier* h = fstReaderIterateHier(ctx)) {
    if (h->htyp == FST_HT_SCOPE) {
      scope.emplace_back(h->u.scope.name);
    } else if (h->htyp == FST_HT_UPSCOPE) {
      scope.pop_back();
    } else if (h->htyp == FST_HT_VAR) {
      std::string name;
      for (const std::string& s : scope) name += s + ".";
      st.names[h->u.var.handle] = name + h->u.var.name;
    }
  }
  fstReaderSetFacProcessMaskAll(ctx);
  fstReaderIterBlocks2(
      ctx,
      [](void* user, uint64_t time, fstHandle handle, const unsigned char* value) {
        auto* s = static_cast<State*>(user);
        s->changes[s->names[handle]].emplace_back(time, reinterpret_cast<const char*>(value));
      },
      [](void* user, uint64_t time, fstHandle handle, const unsigned char* value, uint32_t len) {
        auto* s = static_cast<State*>(user);
        s->changes[s->names[handle]].emplace_back(time, std::string(reinterpret_cast<const char*>(value), len));
      },
      &st, nullptr);
  fstReaderClose(ctx);
  return st.changes;
}

// The value a signal holds at time t (its last change at or before t); "" if none.
inline std::string value_at(const FstChanges& c, const std::string& name, uint64_t t) {
  auto it = c.find(name);
  if (it == c.end()) return "";
  std::string v;
  for (const auto& [time, value] : it->second) {
    if (time > t) break;
    v = value;
  }
  return v;
}

}  // namespace aimc::test
