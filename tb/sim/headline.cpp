#include "tb/sim/headline.h"

#include <algorithm>

namespace aimc {

Headline headline(const nlohmann::json& j) {
  Headline h;
  h.gbps = j["bandwidth_GBps"].get<double>();
  const auto& cls = j["class_latency"];
  if (cls.contains("KV_READ")) h.kv_p99 = cls["KV_READ"]["p99_ns"].get<double>();
  if (cls.contains("BEST_EFFORT")) h.be_p99 = cls["BEST_EFFORT"]["p99_ns"].get<double>();
  for (const auto& [name, l] : cls.items()) h.max_ns = std::max(h.max_ns, l["max_ns"].get<double>());
  for (const auto& st : j["streams"]) {
    if (st.contains("sampling") && st["sampling"]["uncertainty"].is_number()) {
      h.sampling_pct = std::max(h.sampling_pct.value_or(0.0), 100 * st["sampling"]["uncertainty"].get<double>());
    }
  }
  for (const auto& st : j["streams"]) {
    if (st["kind"] == "llm_decode" && st.contains("full_step_ms")) {
      h.decode_gbps = st["bandwidth_GBps"].get<double>();
      h.step_ns = st["steps"]["mean_ns"].get<double>();
      h.tokens_s = st["tokens_per_s_bound"].get<double>();
      if (st.contains("mJ_per_token")) h.mj_per_token = st["mJ_per_token"].get<double>();
      break;
    }
  }
  if (j["energy"].is_object() && j["energy"]["pJ_per_bit"].is_number()) {
    h.pj_per_bit = j["energy"]["pJ_per_bit"].get<double>();
  }
  h.row_hit = j["row_hit_rate"].get<double>();
  if (j["column_bus"].is_object()) h.tccd_l = j["column_bus"]["tccd_l_stalls"].get<double>();
  return h;
}

}  // namespace aimc
