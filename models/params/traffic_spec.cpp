#include "models/params/traffic_spec.h"

#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>

#include "models/params/yaml_fields.h"

namespace aimc {

std::string later_than_a_run() { return fmt::format("later than a run may simulate ({:g} s)", kMaxArrivalNs * 1e-9); }

namespace {

struct KindName {
  StreamKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {StreamKind::Trace, "trace"},           {StreamKind::Sequential, "sequential"},
    {StreamKind::Random, "random"},         {StreamKind::LlmDecode, "llm_decode"},
    {StreamKind::LlmPrefill, "llm_prefill"}, {StreamKind::Training, "training"},
    {StreamKind::RowConflicts, "row_conflicts"}, {StreamKind::BankGroupHammer, "bank_group_hammer"},
};

ModelShape read_model(const YamlFields& y) {
  ModelShape m;
  m.layers = int(y.integer("layers", 1, 1024));
  m.hidden = int(y.integer("hidden", 1, 1 << 20));
  m.kv_heads = int(y.integer("kv_heads", 1, 1024));
  m.head_dim = int(y.integer("head_dim", 1, 4096));
  m.dtype_bytes = int(y.integer_or("dtype_bytes", m.dtype_bytes, 1, 8));
  m.weight_gib = y.number("weight_gib", 0.0, 1e6);
  m.tensor_parallel = int(y.integer_or("tensor_parallel", m.tensor_parallel, 1, 1024));
  if (m.kv_heads % m.tensor_parallel != 0 && m.tensor_parallel % m.kv_heads != 0) {
    y.fail("tensor_parallel", "must divide kv_heads or be a multiple of it");
  }
  y.reject_unknown();
  return m;
}

StreamSpec read_stream(const YamlFields& y, uint32_t index) {
  StreamSpec s;
  s.stream_id = index + 1;
  s.file = y.file();
  s.line = y.line();
  s.field = "traffic.streams[" + std::to_string(index) + "]";
  s.name = y.text_or("name", "stream" + std::to_string(s.stream_id));
  if (s.name.find_first_not_of("0123456789") == std::string::npos) {
    y.fail("name", "a name of digits only reads as a list index in --set; add a letter");
  }
  const std::string kind = y.text("kind");
  bool known = false;
  std::string names;
  for (const KindName& k : kKinds) {
    names += (names.empty() ? "" : ", ") + std::string(k.name);
    if (kind == k.name) {
      s.kind = k.kind;
      known = true;
    }
  }
  if (!known) y.fail("kind", "'" + kind + "' is not one of: " + names);
  if (s.kind == StreamKind::Trace) {
    for (const char* key : {"max_outstanding", "step_barrier"}) {
      if (y.has(key)) y.fail(key, "trace streams carry their own stream ids; issue limits apply to generated streams");
    }
    s.trace_path = path_relative_to(y.file(), y.text("path"));
    s.format = trace_format_from_name(y.choice_or("format", "native", {"native", "dramsim3", "ramulator"}));
    y.reject_unknown();
    return s;
  }
  const std::string cls = y.text_or("class", "BEST_EFFORT");
  const auto parsed = stream_class_from_name(cls);
  if (!parsed) y.fail("class", "'" + cls + "' is not one of: KV_READ, KV_WRITE, WEIGHT, ACTIVATION, BEST_EFFORT");
  s.stream_class = *parsed;
  const bool adversarial = s.kind == StreamKind::RowConflicts || s.kind == StreamKind::BankGroupHammer;
  if (adversarial && y.has("region_gib")) y.fail("region_gib", "adversarial streams aim at whole banks or groups; no region");
  if (y.has("region_gib")) {
    const std::vector<double> r = y.number_list("region_gib", 2, 0.0, 1e6);
    if (r[1] <= r[0]) y.fail("region_gib", "end must be above begin");
    s.region_begin_gib = r[0];
    s.region_end_gib = r[1];
  }
  s.request_bytes = uint32_t(y.integer_or("request_bytes", adversarial ? 32 : s.request_bytes, 32, 1 << 20));
  if (s.request_bytes % 32 != 0) y.fail("request_bytes", "must be a multiple of 32 (the access size)");
  if (adversarial && s.request_bytes != 32) {
    y.fail("request_bytes", "adversarial streams issue single 32 B accesses aimed at one bank or group");
  }
  s.rate_gbps = y.number_or("rate_gbps", 0.0, 0.0, 1e6);
  s.start_ns = y.number_or("start_ns", 0.0, 0.0, kMaxArrivalNs);
  s.seed = uint64_t(y.integer_or("seed", int64_t(s.stream_id), 0, INT64_MAX));
  s.max_outstanding = uint32_t(y.integer_or("max_outstanding", 0, 0, 1 << 20));
  s.step_barrier = y.flag_or("step_barrier", false);
  if (s.step_barrier && !is_llm(s.kind)) y.fail("step_barrier", "only LLM streams (decode, prefill, training) have steps");
  if (is_llm(s.kind)) {
    s.model = read_model(y.child("model"));
    s.batch = int(y.integer_or("batch", s.batch, 1, 1 << 16));
    // Each shape field is read only by the kinds that use it, so one given to another kind is
    // an error rather than a silent no-op.
    const bool decode = s.kind == StreamKind::LlmDecode, training = s.kind == StreamKind::Training;
    if (!decode && y.has("context")) y.fail("context", "only llm_decode has a context (prefill and training: prompt_tokens)");
    if (decode && y.has("prompt_tokens")) y.fail("prompt_tokens", "llm_decode has no prompt (its KV cache holds context tokens)");
    if (training && y.has("kv_block_tokens")) y.fail("kv_block_tokens", "training keeps no KV cache");
    s.context = int(y.integer_or("context", s.context, 1, 1 << 24));
    s.prompt_tokens = int(y.integer_or("prompt_tokens", s.prompt_tokens, 1, 1 << 24));
    s.kv_block_tokens = int(y.integer_or("kv_block_tokens", s.kv_block_tokens, 1, 1 << 16));
    // A decode reads whole KV blocks: one larger than the context would be read past its tokens.
    if (decode && s.kv_block_tokens > s.context) {
      y.fail(y.has("kv_block_tokens") ? "kv_block_tokens" : "context",
             fmt::format("a KV block of {} tokens is more than the context of {}: the decode reads whole blocks",
                         s.kv_block_tokens, s.context));
    }
    s.steps = int(y.integer_or("steps", s.steps, 1, 1 << 20));
    s.simulate_layers = int(y.integer_or("simulate_layers", s.simulate_layers, 1, s.model.layers));
    s.layer_fraction = y.number_or("layer_fraction", 1.0, 1e-9, 1.0);
    if (y.has("class")) y.fail("class", "LLM streams tag each access by what it moves; no class here");
  } else {
    s.read_fraction = y.number_or("read_percent", 100.0, 0.0, 100.0) / 100.0;
    const bool by_count = y.has("requests"), by_time = y.has("duration_ns");
    if (by_count == by_time) y.fail("requests", "give exactly one of requests or duration_ns");
    if (by_count) s.requests = uint64_t(y.integer("requests", 1, int64_t(1) << 40));
    if (by_time) {
      s.duration_ns = y.number("duration_ns", 0.001, kMaxArrivalNs);
      if (s.rate_gbps <= 0) y.fail("duration_ns", "needs rate_gbps > 0 (requests = duration x rate / size)");
      s.requests = requests_over(s.duration_ns, s.rate_gbps, s.request_bytes);
      if (s.requests == 0) y.fail("duration_ns", "too short for one request at this rate");
    }
    // The last request arrives (requests - 1) x request_bytes / rate after the start.
    const double last_ns = s.rate_gbps > 0 ? s.start_ns + double(s.requests - 1) * s.request_bytes / s.rate_gbps : s.start_ns;
    if (last_ns > kMaxArrivalNs) {
      y.fail("rate_gbps", fmt::format("{} requests of {} B at this rate arrive until {:g} s, {}", s.requests,
                                      s.request_bytes, last_ns * 1e-9, later_than_a_run()));
    }
  }
  y.reject_unknown();
  return s;
}

}  // namespace

TraceFormat trace_format_from_name(const std::string& name) {
  if (name == "native") return TraceFormat::Native;
  if (name == "dramsim3") return TraceFormat::Dramsim3;
  if (name == "ramulator") return TraceFormat::Ramulator;
  throw std::invalid_argument("unknown trace format '" + name + "' (native, dramsim3, ramulator)");
}

std::string to_string(TraceFormat f) {
  switch (f) {
    case TraceFormat::Native: return "native";
    case TraceFormat::Dramsim3: return "dramsim3";
    case TraceFormat::Ramulator: return "ramulator";
  }
  return "?";
}

std::string to_string(StreamKind k) {
  for (const KindName& n : kKinds) {
    if (n.kind == k) return n.name;
  }
  return "?";
}

TrafficSpec read_traffic(const YamlFields& traffic) {
  TrafficSpec t;
  if (traffic.has("trace") == traffic.has("streams")) {
    traffic.fail("streams", "give either trace (one trace file) or streams (a list)");
  }
  if (traffic.has("trace")) {
    StreamSpec s;
    s.name = "trace";
    s.kind = StreamKind::Trace;
    s.stream_id = 1;
    s.file = traffic.file();
    s.line = traffic.line();
    s.field = "traffic.trace";
    s.trace_path = path_relative_to(traffic.file(), traffic.text("trace"));
    s.format = trace_format_from_name(traffic.choice_or("format", "native", {"native", "dramsim3", "ramulator"}));
    t.streams.push_back(s);
  } else {
    const std::vector<YamlFields> items = traffic.child_list("streams");
    if (items.size() > kMaxStreams) {
      items[kMaxStreams].fail("name", fmt::format("a scenario has at most {} streams (the front end's ports)", kMaxStreams));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      t.streams.push_back(read_stream(items[i], uint32_t(i)));
      // Names pick a stream in --set and label its statistics: one name, one stream.
      for (size_t j = 0; j < i; ++j) {
        if (t.streams[j].name == t.streams[i].name) {
          items[i].fail("name", fmt::format("'{}' is already the name of stream {} (line {})", t.streams[i].name, j,
                                            t.streams[j].line));
        }
      }
    }
  }
  traffic.reject_unknown();
  return t;
}

bool is_llm(StreamKind k) {
  return k == StreamKind::LlmDecode || k == StreamKind::LlmPrefill || k == StreamKind::Training;
}

std::vector<uint32_t> llm_stream_ids(const TrafficSpec& t) {
  std::vector<uint32_t> ids;
  for (const StreamSpec& st : t.streams) {
    if (is_llm(st.kind)) ids.push_back(st.stream_id);
  }
  return ids;
}

}  // namespace aimc
