// A small virtual platform around aimc's HBM3E controller: an accelerator whose DMA streams
// layer weights (class WEIGHT) and a KV cache (class KV_READ) out of the stack and appends new
// KV entries (KV_WRITE), next to a CPU that does best-effort reads and writes and checks what it
// reads back. Two variants of the same platform:
//   virtual_platform lt   loosely timed: every initiator calls b_transport with a quantum keeper
//   virtual_platform at   approximately timed: the DMA keeps up to 16 transactions in flight
//                         per queue with nb_transport; the CPU stays blocking
// It prints what each initiator got and exits 1 if the CPU read back anything but what it wrote.
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/params/controller_config.h"
#include "models/params/memspec.h"
#include "models/tlm/hbm_controller.h"
#include "models/tlm/stream_extension.h"

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

namespace {

constexpr uint32_t kBurst = 512;            // bytes per DMA transaction
constexpr int kBurstsPerQueue = 2000;       // per DMA queue
constexpr uint64_t kWeights = 0;            // where the weights live
constexpr uint64_t kKvCache = 8ull << 30;   // where the KV cache lives
constexpr uint64_t kCpuData = 16ull << 30;  // the CPU's own region

// What one initiator queue saw.
struct Tally {
  uint64_t transactions = 0, bytes = 0, errors = 0;
  sc_time latency = SC_ZERO_TIME, last_done = SC_ZERO_TIME;
  void add(bool ok, uint32_t bytes_moved, const sc_time& start, const sc_time& done) {
    ++transactions;
    if (!ok) {
      ++errors;
      return;
    }
    bytes += bytes_moved;
    latency += done - start;
    if (done > last_done) last_done = done;
  }
  void print(const char* name) const {
    const double ns = last_done.to_seconds() * 1e9;
    std::printf("%-10s %6llu transactions %8.1f GB/s  mean latency %7.1f ns  errors %llu\n", name,
                static_cast<unsigned long long>(transactions), ns > 0 ? double(bytes) / ns : 0.0,
                transactions ? latency.to_seconds() * 1e9 / double(transactions - errors) : 0.0,
                static_cast<unsigned long long>(errors));
  }
};

// One DMA transaction: its payload, data and stream tag.
struct DmaTransfer {
  tlm::tlm_generic_payload gp;
  std::vector<uint8_t> data = std::vector<uint8_t>(kBurst);
  aimc::StreamExtension tag;
  sc_time start;
  int queue = 0;
  DmaTransfer() { gp.set_extension(&tag); }
  ~DmaTransfer() { gp.clear_extension(&tag); }
};

// The accelerator's DMA: three queues (weights, KV reads, KV appends), each its own stream.
struct AcceleratorDma : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<AcceleratorDma> socket;
  struct Queue {
    const char* name;
    aimc::StreamClass cls;
    bool write;
    uint64_t base;
    Tally tally;
    int issued = 0, in_flight = 0;
  };
  std::array<Queue, 3> queues{{{"weights", aimc::StreamClass::WEIGHT, false, kWeights, {}},
                               {"kv_read", aimc::StreamClass::KV_READ, false, kKvCache, {}},
                               {"kv_write", aimc::StreamClass::KV_WRITE, true, kKvCache + (1ull << 30), {}}}};
  bool at_;

  AcceleratorDma(sc_core::sc_module_name n, bool at) : sc_module(n), socket("socket"), at_(at) {
    socket.register_nb_transport_bw(this, &AcceleratorDma::nb_transport_bw);
    for (int q = 0; q < int(queues.size()); ++q) {
      sc_core::sc_spawn([this, q] { at_ ? run_at(q) : run_lt(q); });
    }
  }

  void prepare(DmaTransfer& t, int q) {
    Queue& queue = queues[size_t(q)];
    t.queue = q;
    t.gp.set_command(queue.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    t.gp.set_address(queue.base + uint64_t(queue.issued++) * kBurst);
    t.gp.set_data_ptr(t.data.data());
    t.gp.set_data_length(kBurst);
    t.gp.set_streaming_width(kBurst);
    t.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    t.tag.stream_id = uint32_t(q + 1);
    t.tag.stream_class = queue.cls;
  }

  // LT: one blocking transaction after another, in the queue's own local time.
  void run_lt(int q) {
    tlm_utils::tlm_quantumkeeper qk;
    qk.reset();
    DmaTransfer t;
    for (int i = 0; i < kBurstsPerQueue; ++i) {
      prepare(t, q);
      t.start = qk.get_current_time();
      sc_time delay = qk.get_local_time();
      socket->b_transport(t.gp, delay);
      qk.set(delay);
      queues[size_t(q)].tally.add(t.gp.is_response_ok(), kBurst, t.start, qk.get_current_time());
      if (qk.need_sync()) qk.sync();
    }
  }

  // AT: up to 16 transactions in flight per queue; the request phase one at a time (END_REQ).
  static constexpr int kInFlight = 16;
  sc_core::sc_event end_req_, response_;
  bool requesting_ = false;
  std::deque<std::unique_ptr<DmaTransfer>> spare_;
  std::unordered_map<const tlm::tlm_generic_payload*, DmaTransfer*> in_flight_;

  void run_at(int q) {
    Queue& queue = queues[size_t(q)];
    while (queue.issued < kBurstsPerQueue) {
      while (queue.in_flight >= kInFlight) wait(response_);
      while (requesting_) wait(end_req_);
      std::unique_ptr<DmaTransfer> t;
      if (spare_.empty()) {
        t = std::make_unique<DmaTransfer>();
      } else {
        t = std::move(spare_.front());
        spare_.pop_front();
      }
      prepare(*t, q);
      t->start = sc_time_stamp();
      ++queue.in_flight;
      requesting_ = true;
      tlm::tlm_phase phase = tlm::BEGIN_REQ;
      sc_time delay = SC_ZERO_TIME;
      DmaTransfer* sent = t.release();
      in_flight_[&sent->gp] = sent;
      if (socket->nb_transport_fw(sent->gp, phase, delay) == tlm::TLM_COMPLETED) {  // an error ends it at once
        requesting_ = false;
        queue.tally.add(false, 0, sent->start, sc_time_stamp());
        complete(sent);
      }
    }
  }
  tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase, sc_time& delay) {
    DmaTransfer* t = in_flight_.at(&gp);
    if (phase == tlm::END_REQ) {
      requesting_ = false;
      end_req_.notify();
      return tlm::TLM_ACCEPTED;
    }
    // BEGIN_RESP: the last data beat has moved.
    queues[size_t(t->queue)].tally.add(gp.is_response_ok(), kBurst, t->start, sc_time_stamp() + delay);
    complete(t);
    return tlm::TLM_COMPLETED;
  }
  void complete(DmaTransfer* t) {
    --queues[size_t(t->queue)].in_flight;
    in_flight_.erase(&t->gp);
    spare_.emplace_back(t);
    response_.notify();
    end_req_.notify();
  }
};

// A CPU: untagged (best-effort) 64 B writes, each read back later, every 40 ns of its time.
struct Cpu : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Cpu> socket;
  Tally tally;
  uint64_t mismatches = 0;

  explicit Cpu(sc_core::sc_module_name n) : sc_module(n), socket("socket") { SC_THREAD(run); }
  SC_HAS_PROCESS(Cpu);

  void access(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, tlm_utils::tlm_quantumkeeper& qk) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(data);
    gp.set_data_length(64);
    gp.set_streaming_width(64);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time start = qk.get_current_time();
    sc_time delay = qk.get_local_time();
    socket->b_transport(gp, delay);
    qk.set(delay);
    tally.add(gp.is_response_ok(), 64, start, qk.get_current_time());
  }
  void run() {
    tlm_utils::tlm_quantumkeeper qk;
    qk.reset();
    std::mt19937_64 rng(7);
    for (int i = 0; i < 500; ++i) {
      const uint64_t addr = kCpuData + (rng() % (1u << 24)) * 64;
      std::array<uint8_t, 64> out{}, in{};
      for (uint8_t& b : out) b = uint8_t(rng());
      access(tlm::TLM_WRITE_COMMAND, addr, out.data(), qk);
      qk.inc(sc_time(40, SC_NS));
      access(tlm::TLM_READ_COMMAND, addr, in.data(), qk);
      mismatches += std::memcmp(in.data(), out.data(), 64) != 0;
      if (qk.need_sync()) qk.sync();
    }
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  const std::string variant = argc > 1 ? argv[1] : "lt";
  if (variant != "lt" && variant != "at") {
    std::fprintf(stderr, "usage: %s lt|at\n", argv[0]);
    return 2;
  }
  const bool at = variant == "at";
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(100, SC_NS));
  const aimc::MemSpec spec = aimc::load_memspec(AIMC_MEMSPEC);
  aimc::ControllerConfig cfg;
  cfg.policy = aimc::SchedulerPolicy::AiAware;  // KV reads first, weights next, best effort last
  aimc::HbmController mem("mem", spec, cfg, at ? aimc::TimingMode::Exact : aimc::TimingMode::LooselyTimed);
  AcceleratorDma dma("dma", at);
  Cpu cpu("cpu");
  dma.socket.bind(mem.socket);
  cpu.socket.bind(mem.socket);
  sc_core::sc_start();

  std::printf("%s platform on %s, %.3f us simulated\n", variant.c_str(), spec.name.c_str(),
              sc_time_stamp().to_seconds() * 1e6);
  for (const auto& q : dma.queues) q.tally.print(q.name);
  cpu.tally.print("cpu");
  std::printf("cpu read-back mismatches %llu\n", static_cast<unsigned long long>(cpu.mismatches));
  if (!at) {
    mem.drain_loosely_timed();  // books the writes still queued in the model
    std::printf("late admissions %llu (%.1f ns in total)\n", static_cast<unsigned long long>(mem.late_admissions()),
                double(mem.late_cycles()) * spec.tCK_ps / 1000.0);
    std::printf("answers early %llu (%.1f ns in total)\n", static_cast<unsigned long long>(mem.early_answers()),
                double(mem.early_answer_cycles()) * spec.tCK_ps / 1000.0);
  }
  return cpu.mismatches == 0 && cpu.tally.errors == 0 ? 0 : 1;
}
