// Waveforms through the shared testbench: the C++ model and the Verilated RTL dump the same
// signals with the same values; after a mismatch, `aimc compare` writes both around the first
// divergence into one file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/core/memory_controller.h"
#include "models/params/scenario.h"
#include "tb/rtl/backend_compare.h"
#include "tb/rtl/rtl_controller.h"
#include "tb/sim/scenario_run.h"
#include "tb/wave/controller_waves.h"
#include "tb/wave/wave_file.h"
#include "tests/support/fst_reader.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

std::string slurp(const std::string& path) { return test::read_text(path); }

std::string dump(const Scenario& s, const TraceDriver::BackendFactory& backend, const std::string& name) {
  const std::string path = test::temp_path(name);
  const std::unique_ptr<WaveFile> f = open_wave_file(path);
  ControllerWaves waves(*f, s.memspec, "aimc");
  const RunStats st = run_scenario(s, {&waves}, nullptr, backend, 800);
  waves.finish(st.last_done + 1);
  f->close();
  return slurp(path);
}

TEST(RtlBackendWaves, ModelAndRtlDumpTheSameWaveform) {
  const Scenario s = load_scenario(test::source_path("scenarios/llm/llama3_8b_decode.yaml"));
  const std::string model = dump(s, nullptr, "model.vcd");
  const std::string rtl = dump(s, [&s](const MemSpec& m, const ControllerConfig& cfg, ControllerListener& l) {
    return std::make_unique<RtlController>(m, cfg, l, s.source_file);
  }, "rtl.vcd");
  EXPECT_GT(model.size(), 100000u) << "too small a dump to mean much";
  EXPECT_NE(model.find("sRD "), std::string::npos);
  EXPECT_TRUE(model == rtl) << "the backends' waveforms differ";
}

TEST(RtlBackendWaves, MismatchDumpsBothBackendsAroundTheFirstDivergence) {
  Scenario s = load_scenario(test::source_path("scenarios/llm/llama3_8b_decode.yaml"));
  s.controller.policy = SchedulerPolicy::FrFcfs;
  // A model that schedules FCFS while the RTL runs FR-FCFS: a divergence to report.
  BackendPair backends = default_backends(s);
  backends.model = driver_runner([](const MemSpec& m, const ControllerConfig& cfg, ControllerListener& l) {
    ControllerConfig fcfs = cfg;
    fcfs.policy = SchedulerPolicy::Fcfs;
    return std::make_unique<MemoryController>(m, fcfs, l);
  });
  const BackendComparison c = compare_backends(s, 600, backends);
  ASSERT_FALSE(c.identical());
  ASSERT_TRUE(c.first_divergence.has_value());
  const Divergence& d = *c.first_divergence;
  ASSERT_TRUE(d.model && d.rtl);
  EXPECT_NE(format_comparison(c, s.memspec).find("FIRST DIVERGENCE on channel"), std::string::npos);
  // Reported channel by channel: both commands are on the diverging channel.
  EXPECT_EQ(d.model->addr.channel, d.channel);
  EXPECT_EQ(d.rtl->addr.channel, d.channel);

  const Cycle window = 50;
  const std::string stem = test::temp_path("divergence");
  const std::string gtkw = dump_divergence_waves(s, 600, backends, d, stem, window);
  const test::FstChanges w = test::read_fst(stem + ".fst");
  const Cycle at = divergence_cycle(d);
  const auto ps = [&](Cycle cyc) { return s.memspec.cycle_ps(cyc); };
  EXPECT_EQ(test::value_at(w, "compare.diverged", ps(at) - 1), "0");
  EXPECT_EQ(test::value_at(w, "compare.diverged", ps(at)), "1");
  EXPECT_EQ(test::value_at(w, "compare.diverged", ps(at + 1)), "0");
  // Each backend's bus shows its own command at its own cycle.
  const auto bus_cmd = [&](const std::string& top, const CommandRecord& r) {
    const std::string ch = fmt::format("{}.ch{:02}.{}cmd", top, r.addr.channel, is_column(r.command) ? "col_" : "row_");
    return test::value_at(w, ch, ps(r.cycle));
  };
  EXPECT_EQ(bus_cmd("model", *d.model), name_of(d.model->command));
  EXPECT_EQ(bus_cmd("rtl", *d.rtl), name_of(d.rtl->command));
  // Only the window is in the file, and both scopes hold the same signals.
  size_t model_signals = 0, rtl_signals = 0;
  for (const auto& [name, changes] : w) {
    EXPECT_GE(changes.front().first, ps(at > window ? at - window : 0)) << name;
    EXPECT_LE(changes.back().first, ps(at + window)) << name;
    model_signals += name.rfind("model.", 0) == 0;
    rtl_signals += name.rfind("rtl.", 0) == 0;
  }
  EXPECT_EQ(model_signals, rtl_signals);
  EXPECT_GT(model_signals, 1000u);
  // The RTL's own signals of the diverging channel: its pick at the divergence is its command.
  const std::string internal = fmt::format("rtl_internal.ch{:02}.sched.", d.channel);
  const std::string pick = is_column(d.rtl->command) ? "col_" : "row_";
  EXPECT_EQ(test::value_at(w, internal + pick + "found", ps(d.rtl->cycle)), "1");
  EXPECT_EQ(test::value_at(w, internal + pick + "cmd", ps(d.rtl->cycle)), name_of(d.rtl->command));
  EXPECT_TRUE(w.count(fmt::format("rtl_internal.ch{:02}.timing.pc0.sid0_bg0_ba0.act_in", d.channel)));
  const std::string layout = slurp(gtkw);
  EXPECT_NE(layout.find(fmt::format("*-12.000000 {} ", ps(at))), std::string::npos);
  EXPECT_NE(layout.find(fmt::format("model.ch{:02}.row_cmd\n", d.channel)), std::string::npos);
  EXPECT_NE(layout.find(fmt::format("rtl.ch{:02}.row_cmd\n", d.channel)), std::string::npos);
  EXPECT_NE(layout.find(internal + "col_key[39:0]"), std::string::npos);
}

}  // namespace
}  // namespace aimc
