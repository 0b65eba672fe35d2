// LlmSource: memory traffic of a transformer on one HBM stack, built from the model's shape
// (docs/scenario-format.md has the exact formulas).
//   llm_decode : per token step and layer: the layer's weights (WEIGHT) and the paged KV cache
//                of every sequence (KV_READ, K and V blocks scattered over the KV area) read in
//                parallel, then the new token's K/V appended (KV_WRITE) and the hidden state
//                written (ACTIVATION).
//   llm_prefill: per layer: weights and the prompt's activations read, the prompt's K/V
//                written, then the output activations written.
//   training   : forward per layer (weights read, activations written), then backward in
//                reverse (activations and weights read, gradients written).
// Requests of one phase are interleaved in proportion to each part's bytes, as parallel DMA
// engines would issue them, and paced at rate_gbps. Only simulate_layers layers per step are
// generated, each at layer_fraction of its bytes; step s simulates the model's layers
// s * simulate_layers + j (modulo layers), so that successive steps sample different layers (their
// weights and KV blocks sit at different addresses). Every request of step s carries group
// (stream_id << 32 | s) so the statistics can time whole steps.
#pragma once

#include <vector>

#include "models/params/traffic_spec.h"
#include "tb/traffic/pacer.h"
#include "tb/traffic/request_source.h"

namespace aimc {

class LlmSource : public RequestSource {
 public:
  LlmSource(const StreamSpec& spec, uint64_t region_begin, uint64_t region_end);
  bool next(TraceRequest& out) override;
  double progress() const override;

  // Bytes one layer of one step moves per stack, before layer_fraction sampling.
  struct LayerBytes {
    uint64_t weights = 0, kv_read = 0, kv_write = 0, activations = 0;
  };
  LayerBytes layer_bytes() const;

 private:
  struct Chunk {  // a contiguous byte range moved by one kind of access
    uint64_t address;
    uint64_t bytes;
    StreamClass cls;
    bool is_write;
  };
  struct Part {  // chunks one engine moves in order
    std::vector<Chunk> chunks;
    uint64_t total = 0, done = 0;
    size_t chunk = 0;
    uint64_t offset = 0;
  };
  using Phase = std::vector<Part>;

  void build_step_layer();  // fills phases_ for (step_, layer_)
  void add(Phase& phase, size_t part, uint64_t address, uint64_t bytes, StreamClass cls, bool is_write);
  uint64_t sampled(uint64_t bytes) const;
  uint64_t kv_block_address(int sequence, int layer, int block) const;

  StreamSpec spec_;
  uint64_t begin_, end_;
  uint64_t weights_base_ = 0, layer_weight_bytes_ = 0;
  uint64_t kv_base_ = 0, kv_blocks_ = 0, kv_block_bytes_ = 0;
  uint64_t act_base_ = 0, act_bytes_ = 0;
  int kv_heads_ = 1;  // per stack
  Pacer pacer_;
  std::vector<Phase> phases_;
  size_t phase_ = 0;
  int step_ = 0, layer_ = 0;  // layer_ counts simulated layers (training: forward then backward)
  uint64_t emitted_bytes_ = 0;
};

}  // namespace aimc
