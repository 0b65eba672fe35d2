#include "tb/wave/wave_buffer.h"

#include <stdexcept>

namespace aimc {

void WaveBuffer::comment(const std::string& text) { definitions_.push_back({Kind::Comment, text, 0}); }

void WaveBuffer::push_scope(const std::string& name) { definitions_.push_back({Kind::PushScope, name, 0}); }

void WaveBuffer::pop_scope() { definitions_.push_back({Kind::PopScope, "", 0}); }

std::vector<std::pair<std::string, int>> WaveBuffer::signals() const {
  std::vector<std::pair<std::string, int>> out;
  std::vector<std::string> scopes;
  for (const Definition& d : definitions_) {
    if (d.kind == Kind::PushScope) scopes.push_back(d.name);
    if (d.kind == Kind::PopScope) scopes.pop_back();
    if (d.kind != Kind::Var) continue;
    std::string name;
    for (const std::string& s : scopes) name += s + ".";
    out.emplace_back(name + d.name, d.bits);
  }
  return out;
}

WaveVar WaveBuffer::add_var(const std::string& name, int bits) {
  definitions_.push_back({Kind::Var, name, bits});
  bits_.push_back(bits);
  return {int(bits_.size()) - 1, bits};
}

void WaveBuffer::time(uint64_t t_ps) {
  if (t_ps < now_) throw std::logic_error("WaveBuffer: time went backwards");
  now_ = t_ps;
}

void WaveBuffer::value(WaveVar v, uint64_t value) { changes_.push_back({now_, v.id, ChangeKind::Value, value, {}}); }

void WaveBuffer::unknown(WaveVar v) { changes_.push_back({now_, v.id, ChangeKind::Unknown, 0, {}}); }

void WaveBuffer::text(WaveVar v, const std::string& s) { changes_.push_back({now_, v.id, ChangeKind::Text, 0, s}); }

void write_merged(WaveFile& out, const std::vector<const WaveBuffer*>& buffers) {
  std::vector<std::vector<WaveVar>> vars(buffers.size());  // buffer's variable id -> out's
  for (size_t b = 0; b < buffers.size(); ++b) {
    for (const WaveBuffer::Definition& d : buffers[b]->definitions_) {
      switch (d.kind) {
        case WaveBuffer::Kind::Comment: out.comment(d.name); break;
        case WaveBuffer::Kind::PushScope: out.push_scope(d.name); break;
        case WaveBuffer::Kind::PopScope: out.pop_scope(); break;
        case WaveBuffer::Kind::Var: vars[b].push_back(out.add_var(d.name, d.bits)); break;
      }
    }
  }
  std::vector<size_t> next(buffers.size(), 0);
  bool any_time = false;
  uint64_t current = 0;
  for (;;) {
    size_t pick = buffers.size();
    for (size_t b = 0; b < buffers.size(); ++b) {
      if (next[b] == buffers[b]->changes_.size()) continue;
      if (pick == buffers.size() || buffers[b]->changes_[next[b]].time < buffers[pick]->changes_[next[pick]].time) {
        pick = b;
      }
    }
    if (pick == buffers.size()) break;
    const WaveBuffer::Change& c = buffers[pick]->changes_[next[pick]++];
    if (!any_time || c.time != current) {
      out.time(c.time);
      current = c.time;
      any_time = true;
    }
    const WaveVar v = vars[pick][size_t(c.var)];
    switch (c.kind) {
      case WaveBuffer::ChangeKind::Value: out.value(v, c.value); break;
      case WaveBuffer::ChangeKind::Unknown: out.unknown(v); break;
      case WaveBuffer::ChangeKind::Text: out.text(v, c.text); break;
    }
  }
}

}  // namespace aimc
