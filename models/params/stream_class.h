// StreamClass: the kind of AI traffic a request belongs to. It travels with the request from
// the traffic source (trace column, generator, TLM StreamExtension) into the controller's
// queues, where the ai_aware scheduler ranks by it, and into the per-class statistics.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace aimc {

enum class StreamClass : uint8_t { KV_READ, KV_WRITE, WEIGHT, ACTIVATION, BEST_EFFORT };
inline constexpr int kNumStreamClasses = 5;
// The request front end keeps one in-order port per (stream, class), at most this many; so a run
// tells apart at most kMaxFrontEndPorts / kNumStreamClasses streams (kMaxStreams).
inline constexpr uint32_t kMaxFrontEndPorts = uint32_t{1} << 16;
inline constexpr std::array<std::string_view, kNumStreamClasses> kStreamClassNames = {
    "KV_READ", "KV_WRITE", "WEIGHT", "ACTIVATION", "BEST_EFFORT"};

inline std::string_view to_string(StreamClass c) { return kStreamClassNames[size_t(c)]; }
inline std::optional<StreamClass> stream_class_from_name(std::string_view name) {
  for (int i = 0; i < kNumStreamClasses; ++i) {
    if (kStreamClassNames[size_t(i)] == name) return StreamClass(i);
  }
  return std::nullopt;
}

}  // namespace aimc
