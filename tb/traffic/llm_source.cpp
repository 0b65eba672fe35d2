#include "tb/traffic/llm_source.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/core/mix64.h"

namespace aimc {
namespace {
constexpr uint64_t kAlign = 32;  // accesses are 32 B
uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }
}  // namespace

LlmSource::LlmSource(const StreamSpec& spec, uint64_t region_begin, uint64_t region_end)
    : spec_(spec), begin_(region_begin), end_(region_end), pacer_(spec.start_ns, spec.rate_gbps) {
  const ModelShape& m = spec_.model;
  kv_heads_ = std::max(1, m.kv_heads / m.tensor_parallel);
  const uint64_t weights = uint64_t(m.weight_gib * double(1ull << 30)) / uint64_t(m.tensor_parallel);
  layer_weight_bytes_ = round_up(weights / uint64_t(m.layers), kAlign);
  weights_base_ = begin_;
  kv_base_ = weights_base_ + layer_weight_bytes_ * uint64_t(m.layers);
  const uint64_t block = 2 * uint64_t(spec_.kv_block_tokens) * uint64_t(kv_heads_) * uint64_t(m.head_dim) *
                         uint64_t(m.dtype_bytes);  // K and V of one block of one layer
  if (kv_base_ + block > end_) {
    throw std::invalid_argument("stream '" + spec_.name + "': the region does not hold the weights (" +
                                std::to_string(kv_base_ - begin_) + " B) plus a KV cache");
  }
  // Activation buffers (two per simulated layer: in and out) sit at the end of the region.
  act_bytes_ = sampled(layer_bytes().activations);
  act_base_ = end_ - std::min(end_ - kv_base_, 2 * act_bytes_ * uint64_t(spec_.simulate_layers));
  kv_blocks_ = (act_base_ - kv_base_) / block;
  if (kv_blocks_ == 0) throw std::invalid_argument("stream '" + spec_.name + "': the region has no room for a KV cache");
  // The whole model's KV cache must fit: blocks would otherwise share addresses (and a decode
  // step's list of blocks could outgrow memory).
  if (spec_.kind != StreamKind::Training) {
    const int tokens = spec_.kind == StreamKind::LlmDecode ? spec_.context : spec_.prompt_tokens;
    const uint64_t needed = uint64_t(spec_.batch) * uint64_t((tokens + spec_.kv_block_tokens - 1) / spec_.kv_block_tokens) *
                            uint64_t(m.layers);
    if (needed > kv_blocks_) {
      const double gib = double(1ull << 30);
      throw std::invalid_argument(fmt::format(
          "stream '{}': its KV cache (batch {} x {} tokens x {} layers: {:.2f} GiB) does not fit in the {:.2f} GiB "
          "its region has after the weights",
          spec_.name, spec_.batch, tokens, m.layers, double(needed) * double(block) / gib, double(kv_blocks_) * double(block) / gib));
    }
  }
  kv_block_bytes_ = block;
  build_step_layer();
}

LlmSource::LayerBytes LlmSource::layer_bytes() const {
  const ModelShape& m = spec_.model;
  const uint64_t token_kv = 2 * uint64_t(kv_heads_) * uint64_t(m.head_dim) * uint64_t(m.dtype_bytes);
  const uint64_t hidden = uint64_t(m.hidden) * uint64_t(m.dtype_bytes) / uint64_t(m.tensor_parallel);
  const uint64_t batch = uint64_t(spec_.batch);
  LayerBytes b;
  b.weights = layer_weight_bytes_;
  switch (spec_.kind) {
    case StreamKind::LlmDecode:
      b.kv_read = batch * uint64_t(spec_.context) * token_kv;
      b.kv_write = batch * token_kv;
      b.activations = batch * hidden;
      break;
    case StreamKind::LlmPrefill:
      b.kv_write = batch * uint64_t(spec_.prompt_tokens) * token_kv;
      b.activations = batch * uint64_t(spec_.prompt_tokens) * hidden;
      break;
    default:  // training: activations of a prompt_tokens-long sequence per batch entry
      b.activations = batch * uint64_t(spec_.prompt_tokens) * hidden;
      break;
  }
  return b;
}

uint64_t LlmSource::sampled(uint64_t bytes) const {
  return std::max(kAlign, round_up(uint64_t(std::llround(double(bytes) * spec_.layer_fraction)), kAlign));
}

// Paged KV cache: a block of (sequence, layer, block index) sits at a hashed physical block.
uint64_t LlmSource::kv_block_address(int sequence, int layer, int block) const {
  const uint64_t key = mix64(spec_.seed ^ mix64((uint64_t(sequence) << 40) ^ (uint64_t(layer) << 24) ^ uint64_t(block)));
  return kv_base_ + (key % kv_blocks_) * kv_block_bytes_;
}

void LlmSource::add(Phase& phase, size_t part, uint64_t address, uint64_t bytes, StreamClass cls, bool is_write) {
  if (phase.size() <= part) phase.resize(part + 1);
  phase[part].chunks.push_back({address, bytes, cls, is_write});
  phase[part].total += bytes;
}

void LlmSource::build_step_layer() {
  const LayerBytes full = layer_bytes();
  const bool backward = spec_.kind == StreamKind::Training && layer_ >= spec_.simulate_layers;
  const int layer = backward ? 2 * spec_.simulate_layers - 1 - layer_ : layer_;
  const int model_layer = (layer + step_ * spec_.simulate_layers) % spec_.model.layers;
  const uint64_t weights = weights_base_ + uint64_t(model_layer) * layer_weight_bytes_;
  const uint64_t activations = act_base_ + uint64_t(layer) * 2 * act_bytes_;
  phases_.assign(2, Phase{});
  phase_ = 0;
  Phase& main = phases_[0];
  Phase& tail = phases_[1];
  switch (spec_.kind) {
    case StreamKind::LlmDecode: {
      add(main, 0, weights, sampled(full.weights), StreamClass::WEIGHT, false);
      // The sampled share of all (sequence, block) pairs, whole K+V blocks, sequences in turn.
      const int blocks = (spec_.context + spec_.kv_block_tokens - 1) / spec_.kv_block_tokens;
      const int64_t pairs = int64_t(blocks) * spec_.batch;
      const int64_t read = std::max<int64_t>(1, std::llround(double(pairs) * spec_.layer_fraction));
      for (int64_t i = 0; i < read; ++i) {
        add(main, 1, kv_block_address(int(i % spec_.batch), model_layer, int(i / spec_.batch)), kv_block_bytes_,
            StreamClass::KV_READ, false);
      }
      for (int s = 0; s < spec_.batch; ++s) {
        add(tail, 0, kv_block_address(s, model_layer, blocks), sampled(full.kv_write / uint64_t(spec_.batch)),
            StreamClass::KV_WRITE, true);
      }
      add(tail, 1, activations, act_bytes_, StreamClass::ACTIVATION, true);
      break;
    }
    case StreamKind::LlmPrefill: {
      add(main, 0, weights, sampled(full.weights), StreamClass::WEIGHT, false);
      add(main, 1, activations, act_bytes_, StreamClass::ACTIVATION, false);
      const uint64_t per_seq = sampled(full.kv_write / uint64_t(spec_.batch));
      const uint64_t block_bytes = kv_block_bytes_;
      for (int s = 0; s < spec_.batch; ++s) {
        for (uint64_t off = 0; off < per_seq; off += block_bytes) {
          add(main, 2, kv_block_address(s, model_layer, int(off / block_bytes)), std::min(block_bytes, per_seq - off),
              StreamClass::KV_WRITE, true);
        }
      }
      add(tail, 0, activations + act_bytes_, act_bytes_, StreamClass::ACTIVATION, true);
      break;
    }
    default: {  // training
      if (!backward) {
        add(main, 0, weights, sampled(full.weights), StreamClass::WEIGHT, false);
        add(main, 1, activations, act_bytes_, StreamClass::ACTIVATION, true);
      } else {
        add(main, 0, weights, sampled(full.weights), StreamClass::WEIGHT, false);
        add(main, 1, activations, act_bytes_, StreamClass::ACTIVATION, false);
        // Gradients are written back over the layer's weights (an optimizer update fused in).
        add(tail, 0, weights, sampled(full.weights), StreamClass::WEIGHT, true);
      }
      break;
    }
  }
}

bool LlmSource::next(TraceRequest& out) {
  const int layers_per_step = spec_.kind == StreamKind::Training ? 2 * spec_.simulate_layers : spec_.simulate_layers;
  for (;;) {
    if (step_ >= spec_.steps) return false;
    if (phase_ < phases_.size()) {
      Phase& phase = phases_[phase_];
      // The part furthest behind its share goes next: all parts of a phase finish together.
      Part* best = nullptr;
      double best_share = 2;
      for (Part& p : phase) {
        if (p.done >= p.total) continue;
        const double share = double(p.done) / double(p.total);
        if (share < best_share) {
          best_share = share;
          best = &p;
        }
      }
      if (best == nullptr) {
        ++phase_;
        continue;
      }
      const Chunk& c = best->chunks[best->chunk];
      const uint64_t bytes = std::min<uint64_t>(spec_.request_bytes, c.bytes - best->offset);
      out = TraceRequest{};
      out.address = c.address + best->offset;
      out.bytes = uint32_t(bytes);
      out.is_write = c.is_write;
      out.stream_class = c.cls;
      out.stream_id = spec_.stream_id;
      out.group = (uint64_t(spec_.stream_id) << 32) | uint64_t(step_);
      out.time_ps = pacer_.next(out.bytes);
      best->offset += bytes;
      best->done += bytes;
      emitted_bytes_ += bytes;
      if (best->offset >= c.bytes) {
        ++best->chunk;
        best->offset = 0;
      }
      return true;
    }
    if (++layer_ >= layers_per_step) {
      layer_ = 0;
      ++step_;
      if (step_ >= spec_.steps) return false;
    }
    build_step_layer();
  }
}

double LlmSource::progress() const {
  return double(step_) / double(spec_.steps);
}

}  // namespace aimc
