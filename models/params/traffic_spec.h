// TrafficSpec: the traffic of a scenario, as a list of streams that run at the same time
// (docs/scenario-format.md). A stream is a trace file or a generator: synthetic patterns,
// LLM model shapes (decode, prefill, training) and adversarial patterns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/params/stream_class.h"

namespace aimc {

enum class TraceFormat { Native, Dramsim3, Ramulator };

// The latest a request may arrive: 10 s. Every simulated second, busy or idle, costs the
// simulator about a second of refresh work, so later arrivals are refused as input errors
// rather than left to run for hours.
inline constexpr double kMaxArrivalNs = 1e10;
inline constexpr uint64_t kMaxArrivalPs = uint64_t(kMaxArrivalNs) * 1000;
// Streams a run can tell apart: one front-end port per (stream, class).
inline constexpr uint32_t kMaxStreams = kMaxFrontEndPorts / uint32_t(kNumStreamClasses);
// The end of every message that refuses an arrival after kMaxArrivalNs: "later than a run may
// simulate (10 s)".
std::string later_than_a_run();

enum class StreamKind {
  Trace,            // a trace file
  Sequential,       // consecutive addresses through the region
  Random,           // uniform random aligned addresses in the region
  LlmDecode,        // per token step: weights, paged KV-cache reads, KV append, activations
  LlmPrefill,       // per layer: weights, KV-cache writes of the whole prompt, activations
  Training,         // forward (weights read, activations written) and backward passes
  RowConflicts,     // adversarial: one bank of every pseudo-channel, a new row each time
  BankGroupHammer,  // adversarial: every access in bank group 0
};

// Transformer shape, per stack: tensor_parallel divides weights and KV heads over stacks.
struct ModelShape {
  int layers = 32;
  int hidden = 4096;
  int kv_heads = 8;
  int head_dim = 128;
  int dtype_bytes = 2;
  double weight_gib = 15.0;  // whole model
  int tensor_parallel = 1;
};

struct StreamSpec {
  std::string name;
  std::string file, field;  // where it was written, for errors found later (region vs stack size)
  int line = 0;
  StreamKind kind = StreamKind::Random;
  uint32_t stream_id = 0;  // position in the list, + 1
  StreamClass stream_class = StreamClass::BEST_EFFORT;  // pattern streams; LLM streams tag per access kind
  // Where its data lives, in GiB of the stack's capacity: [region_begin, region_end).
  double region_begin_gib = 0, region_end_gib = -1;  // -1: to the end of the stack
  uint32_t request_bytes = 64;
  double rate_gbps = 0;  // offered load; 0 = every request at start_ns (saturating)
  double start_ns = 0;
  uint64_t requests = 0;  // pattern streams: how many (or derived from duration_ns)
  double duration_ns = 0;
  double read_fraction = 1.0;
  uint64_t seed = 1;
  // How its initiator issues it (tb/traffic/issue_gate.h); by default open loop, every
  // request at its own time. Generated streams only.
  uint32_t max_outstanding = 0;  // at most this many requests in flight; 0 = no limit
  bool step_barrier = false;     // LLM streams: a step starts once the previous one's data is back
  // Trace streams.
  std::string trace_path;
  TraceFormat format = TraceFormat::Native;
  // LLM streams.
  ModelShape model;
  int batch = 1;
  int context = 4096;         // decode: tokens already in the KV cache
  int prompt_tokens = 2048;   // prefill
  int kv_block_tokens = 16;   // paged KV cache: tokens per block
  int steps = 1;              // decode: token steps; prefill/training: passes
  int simulate_layers = 1;    // layers simulated per step (the rest are identical)
  double layer_fraction = 1;  // share of each simulated layer's bytes generated (sampling)
};

struct TrafficSpec {
  std::vector<StreamSpec> streams;
};

TraceFormat trace_format_from_name(const std::string& name);  // throws std::invalid_argument
std::string to_string(TraceFormat f);
std::string to_string(StreamKind k);
// Decode, prefill and training: the streams that run the model in token steps.
bool is_llm(StreamKind k);
// The requests a stream given by duration_ns offers: duration x rate / request size, rounded down.
inline uint64_t requests_over(double duration_ns, double rate_gbps, uint32_t request_bytes) {
  return uint64_t(duration_ns * rate_gbps / double(request_bytes));
}
// The stream ids of a scenario's LLM streams.
std::vector<uint32_t> llm_stream_ids(const TrafficSpec& t);

class YamlFields;
// Reads a scenario's `traffic:` mapping: either `trace:` (+ `format:`) for one trace file, or
// `streams:`, a list of streams. Trace paths are relative to the scenario file.
TrafficSpec read_traffic(const YamlFields& traffic);

}  // namespace aimc
