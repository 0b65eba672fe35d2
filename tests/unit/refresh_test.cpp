// Refresh: due every tREFI (or tREFIpb per bank), postponed at most max_postponed_refreshes
// under load, and issued early when the pseudo-channel is idle.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "models/core/refresh_manager.h"
#include "models/params/config_error.h"
#include "models/params/yaml_override.h"
#include "tb/protocol/protocol_checker.h"
#include "tests/support/test_support.h"

namespace aimc {
namespace {

ControllerConfig with_refresh(RefreshPolicy p) {
  ControllerConfig c;
  c.refresh = p;
  return c;
}

// Advances an idle controller through `end` cycles.
void idle_until(MemoryController& mc, Cycle end) {
  for (Cycle now = 0; now <= end; now = mc.next_event()) mc.advance(now);
}

TEST(Refresh, IdleStackRefreshesEveryPseudoChannelOncePerRefi) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::AllBank), rec);
  const int intervals = 10;
  idle_until(mc, Cycle(intervals) * Cycle(m.t.nREFI) + Cycle(m.org.pseudo_channels));
  std::map<int, int> per_pc;
  for (const auto& c : rec.commands) {
    ASSERT_EQ(c.command, Command::REFab) << "an idle stack with closed banks needs no PREA";
    // Due at multiples of tREFI; the two pseudo-channels share the row bus, so PC1 goes a cycle later.
    EXPECT_EQ(c.cycle % Cycle(m.t.nREFI), Cycle(c.addr.pseudo_channel)) << "idle refresh goes out when due";
    ++per_pc[c.addr.channel * 2 + c.addr.pseudo_channel];
  }
  ASSERT_EQ(per_pc.size(), 32u);
  for (const auto& [pc, n] : per_pc) EXPECT_EQ(n, intervals) << "pseudo-channel " << pc;
}

TEST(Refresh, PerBankRefreshRotatesOverEveryBank) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::PerBank), rec);
  const int banks = m.org.banks_per_pc();
  idle_until(mc, Cycle(banks) * Cycle(m.t.nREFIpb));
  std::map<int, int> pc0_banks;
  for (const auto& c : rec.commands) {
    ASSERT_EQ(c.command, Command::REFpb);
    if (c.addr.channel == 0 && c.addr.pseudo_channel == 0) ++pc0_banks[c.addr.bank_group * m.org.banks_per_group + c.addr.bank];
  }
  ASSERT_EQ(int(pc0_banks.size()), banks);
  for (const auto& [bank, n] : pc0_banks) EXPECT_EQ(n, 1) << "bank " << bank;
}

TEST(Refresh, OffIssuesNoRefresh) {
  test::Recorder rec;
  const MemSpec m = test::hbm3e();
  MemoryController mc(m, with_refresh(RefreshPolicy::Off), rec);
  mc.enqueue(0, false, StreamClass::BEST_EFFORT, DramAddress{}, 0);
  test::drain(mc, 0);
  for (const auto& c : rec.commands) EXPECT_FALSE(c.command == Command::REFab || c.command == Command::REFpb);
}

// Keeps pseudo-channel 0 of channel 0 full of row hits for `cycles` and returns the commands;
// class_at(now) is the class of what it enqueues at `now`.
std::vector<CommandRecord> busy_pc0(const ControllerConfig& cfg, Cycle cycles, const MemSpec& m,
                                    const std::function<StreamClass(Cycle)>& class_at) {
  test::Recorder rec;
  MemoryController mc(m, cfg, rec);
  uint64_t id = 0;
  Cycle now = 0;
  while (now < cycles) {
    DramAddress a;
    // Row hits round-robin over the bank groups of bank 0, row 0.
    auto place = [&](uint64_t n) {
      a.bank_group = int(n % uint64_t(m.org.bank_groups));
      a.column = int((n / uint64_t(m.org.bank_groups)) % uint64_t(m.org.columns));
    };
    place(id);
    while (mc.can_accept(a)) {
      mc.enqueue(id++, false, class_at(now), a, now);
      place(id);
    }
    mc.advance(now);
    now = mc.next_event();
  }
  return rec.commands;
}

std::vector<CommandRecord> busy_pc0(const ControllerConfig& cfg, Cycle cycles, const MemSpec& m,
                                    StreamClass cls = StreamClass::BEST_EFFORT) {
  return busy_pc0(cfg, cycles, m, [cls](Cycle) { return cls; });
}

TEST(Refresh, BusyPseudoChannelPostponesThenRefreshesWithinTheBound) {
  const MemSpec m = test::hbm3e();
  const Cycle span = Cycle(3 * (m.t.max_postponed_refreshes + 1)) * Cycle(m.t.nREFI);
  const auto cmds = busy_pc0(with_refresh(RefreshPolicy::AllBank), span, m);
  ProtocolChecker checker(m, RefreshPolicy::AllBank);
  Cycle first_ref = kNever;
  int refs = 0;
  for (const auto& c : cmds) {
    checker.check(c);
    if (c.command == Command::REFab && c.addr.channel == 0 && c.addr.pseudo_channel == 0) {
      first_ref = std::min(first_ref, c.cycle);
      ++refs;
    }
  }
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
  EXPECT_GT(first_ref, Cycle(m.t.max_postponed_refreshes) * Cycle(m.t.nREFI)) << "a busy PC postpones";
  const int due = int(span / Cycle(m.t.nREFI));
  EXPECT_GE(refs, due - (m.t.max_postponed_refreshes + 1));
  EXPECT_LE(refs, due);
}

TEST(Refresh, BusyPseudoChannelPerBankRefreshKeepsTheBound) {
  const MemSpec m = test::hbm3e();
  const Cycle span = Cycle(4) * Cycle(m.t.nREFI);
  const auto cmds = busy_pc0(with_refresh(RefreshPolicy::PerBank), span, m);
  ProtocolChecker checker(m, RefreshPolicy::PerBank);
  for (const auto& c : cmds) checker.check(c);
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
}

// The cycles at which pseudo-channel 0 of channel 0 was refreshed.
std::vector<Cycle> pc0_refreshes(const std::vector<CommandRecord>& cmds) {
  std::vector<Cycle> at;
  for (const auto& c : cmds) {
    const bool refresh = c.command == Command::REFab || c.command == Command::REFpb;
    if (refresh && c.addr.channel == 0 && c.addr.pseudo_channel == 0) at.push_back(c.cycle);
  }
  return at;
}

// Keeps pseudo-channel 0 of channel 0 saturated with random accesses (a third of them writes)
// over every bank and 64 rows, so that refreshes wait behind open rows and write recovery.
std::vector<CommandRecord> saturated_random_pc0(RefreshPolicy refresh, Cycle cycles, const MemSpec& m) {
  test::Recorder rec;
  MemoryController mc(m, with_refresh(refresh), rec);
  std::mt19937_64 rng(7);
  auto next_address = [&] {
    DramAddress a;
    a.bank_group = int(rng() % uint64_t(m.org.bank_groups));
    a.bank = int(rng() % uint64_t(m.org.banks_per_group));
    a.row = int64_t(rng() % 64);
    a.column = int(rng() % uint64_t(m.org.columns));
    return a;
  };
  uint64_t id = 0;
  DramAddress a = next_address();
  for (Cycle now = 0; now < cycles; now = mc.next_event()) {
    while (mc.can_accept(a)) {
      mc.enqueue(id++, rng() % 3 == 0, StreamClass::BEST_EFFORT, a, now);
      a = next_address();
    }
    mc.advance(now);
  }
  return rec.commands;
}

// Every shipped part drains a refresh's banks well inside one interval, so a refresh turns
// urgent only when the whole allowance is owed.
TEST(Refresh, ShippedIntervalsForceARefreshOnlyWhenTheWholeAllowanceIsOwed) {
  const MemSpec m = test::hbm3e();
  EXPECT_LT(refresh_drain_cycles(m.t, RefreshPolicy::PerBank), m.t.nREFIpb);
  EXPECT_EQ(refresh_urgent_owed(m, RefreshPolicy::AllBank), m.t.max_postponed_refreshes);
  EXPECT_EQ(refresh_urgent_owed(m, RefreshPolicy::PerBank), m.t.max_postponed_refreshes);
}

// An interval shorter than the drain (tRAS + tRP + tRREFD) must force the refresh earlier: forced
// only when the whole allowance was owed, a saturated pseudo-channel owed one more.
TEST(Refresh, AShortPerBankIntervalForcesTheRefreshEarlyEnoughToKeepTheBound) {
  MemSpec m = test::hbm3e();
  m.t.nREFIpb = 60;  // 25 ns at 9.6 Gb/s
  const int drain = refresh_drain_cycles(m.t, RefreshPolicy::PerBank);
  ASSERT_GT(drain, 2 * m.t.nREFIpb);
  EXPECT_EQ(refresh_urgent_owed(m, RefreshPolicy::PerBank), m.t.max_postponed_refreshes - 2);
  const Cycle span = Cycle(40) * Cycle(m.t.nREFIpb) * Cycle(m.org.banks_per_pc());
  const auto cmds = saturated_random_pc0(RefreshPolicy::PerBank, span, m);
  ProtocolChecker checker(m, RefreshPolicy::PerBank);
  for (const auto& c : cmds) checker.check(c);
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
  EXPECT_GE(pc0_refreshes(cmds).size(), size_t(span / Cycle(m.t.nREFIpb)) - size_t(m.t.max_postponed_refreshes));
}

// When even forcing at one owed refresh cannot drain in time, the run is refused, naming the field.
TEST(Refresh, AnIntervalTooShortToDrainIsRefusedNamingTheField) {
  MemSpec m = test::hbm3e();
  m.source_file = "part.yaml";
  m.t.nREFIpb = 60;
  m.t.max_postponed_refreshes = 2;
  test::Recorder rec;
  try {
    MemoryController mc(m, with_refresh(RefreshPolicy::PerBank), rec);
    FAIL() << "a per-bank interval of 60 cycles with 2 postponable refreshes was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "part.yaml");
    EXPECT_EQ(e.field(), "timing.tREFIpb");
    EXPECT_NE(e.reason().find("too short for per-bank refresh"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(MemoryController(m, with_refresh(RefreshPolicy::AllBank), rec));
}

// A drain term longer than a whole interval on its own (a mistyped power-down exit, say) is the
// field named, not the interval.
TEST(Refresh, ADrainTermLongerThanAnIntervalIsTheFieldNamed) {
  MemSpec m = test::hbm3e();
  m.source_file = "part.yaml";
  m.t.nXP = 240000;
  test::Recorder rec;
  try {
    MemoryController mc(m, with_refresh(RefreshPolicy::AllBank), rec);
    FAIL() << "a tXP of 240000 cycles was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "timing.tXP");
    EXPECT_NE(e.reason().find("240000 cycles is too long for all-bank refresh"), std::string::npos) << e.what();
  }
}

// The refresh check runs when a controller is built, after the memspec is loaded: its error
// still points at the line that gave the timing, as written (nXP here), or at the --set.
TEST(Refresh, ADrainErrorNamesTheLineOrTheSetThatGaveTheTiming) {
  std::ifstream in(test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"));
  std::string text, line;
  int xp_line = 0;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find("tXP:") != std::string::npos) {
      line = line.substr(0, line.find("tXP:")) + "nXP: 240000";
      xp_line = n;
    }
    text += line + "\n";
  }
  ASSERT_GT(xp_line, 0);
  const std::string path = test::write_temp("long_xp.yaml", text);
  test::Recorder rec;
  const auto from_file = test::config_error([&] { MemoryController(load_memspec(path), with_refresh(RefreshPolicy::AllBank), rec); });
  ASSERT_TRUE(from_file.has_value());
  EXPECT_EQ(from_file->file(), path);
  EXPECT_EQ(from_file->line(), xp_line);
  EXPECT_EQ(from_file->field(), "timing.nXP");

  const MemSpec set = load_memspec(test::source_path("scenarios/memspec/hbm3e_9600_8h.yaml"),
                                   {parse_override("timing.tXP=100000")});
  const auto from_set = test::config_error([&] { MemoryController(set, with_refresh(RefreshPolicy::AllBank), rec); });
  ASSERT_TRUE(from_set.has_value());
  EXPECT_EQ(from_set->file(), "--set timing.tXP=100000");
  EXPECT_EQ(from_set->field(), "timing.tXP");
}

// A refresh paid early on an idle pseudo-channel completes once its PREA has gone out: accesses
// arriving during the precharge wait for the REFab instead of reopening banks (which started the
// refresh over, again and again, and closed a light stream's rows for nothing).
TEST(Refresh, AnIdleRefreshThatHasPrechargedGoesAhead) {
  const MemSpec m = test::hbm3e();
  test::Recorder rec;
  MemoryController mc(m, with_refresh(RefreshPolicy::AllBank), rec);
  const Cycle span = Cycle(4) * Cycle(m.t.nREFI) + Cycle(m.t.nREFI) / 2;
  const Cycle gap = 40;  // one row hit every 40 cycles: the queue is empty most of the time
  uint64_t id = 0;
  for (Cycle now = 0; now < span; now = std::min(mc.next_event(), (now / gap + 1) * gap)) {
    if (now % gap == 0) {
      DramAddress a;
      a.column = int(id % uint64_t(m.org.columns));
      if (mc.can_accept(a)) mc.enqueue(id++, false, StreamClass::BEST_EFFORT, a, now);
    }
    mc.advance(now);
  }
  int prea = 0, refab = 0;
  bool precharged = false;
  for (const auto& c : rec.commands) {
    if (c.addr.channel != 0 || c.addr.pseudo_channel != 0) continue;
    if (c.command == Command::PREA) ++prea, precharged = true;
    if (c.command == Command::REFab) ++refab, precharged = false;
    if (c.command == Command::ACT) {
      EXPECT_FALSE(precharged) << "ACT at cycle " << c.cycle << " between PREA and REFab";
    }
  }
  EXPECT_EQ(refab, 4);
  EXPECT_EQ(prea, refab) << "every PREA is a refresh that goes ahead";
}

// The worst moment of a saturated run is the cycle before the refresh that was owed the most.
// Cut there, the trace is legal: at most max_postponed refreshes owed, no gap longer than
// max_postponed + 1 intervals. Without that one refresh, the checker reports it overdue within an
// interval.
TEST(Refresh, SaturatedTraceCutAtItsWorstMomentOwesAtMostTheAllowance) {
  const MemSpec m = test::hbm3e();
  const int64_t allowed = m.t.max_postponed_refreshes;
  for (RefreshPolicy refresh : {RefreshPolicy::AllBank, RefreshPolicy::PerBank}) {
    SCOPED_TRACE(refresh == RefreshPolicy::AllBank ? "all-bank" : "per-bank");
    const Cycle interval = Cycle(refresh == RefreshPolicy::AllBank ? m.t.nREFI : m.t.nREFIpb);
    const Cycle span = Cycle(3 * (allowed + 1)) * interval;
    const auto cmds = saturated_random_pc0(refresh, span, m);
    const std::vector<Cycle> at = pc0_refreshes(cmds);
    ASSERT_GE(int64_t(at.size()), 2 * (allowed + 1));
    size_t worst = 0;
    int64_t worst_owed = -1;
    Cycle longest_gap = at.front();
    for (size_t k = 0; k < at.size(); ++k) {
      const int64_t owed = int64_t((at[k] - 1) / interval) - int64_t(k);  // just before refresh k
      if (owed > worst_owed) worst_owed = owed, worst = k;
      if (k > 0) longest_gap = std::max(longest_gap, at[k] - at[k - 1]);
    }
    EXPECT_LE(worst_owed, allowed);
    EXPECT_LE(longest_gap, Cycle(allowed + 1) * interval);
    if (refresh == RefreshPolicy::AllBank) {
      EXPECT_EQ(worst_owed, allowed) << "saturation postpones all it may";
    }

    const Cycle cut = at[worst];
    ProtocolChecker legal(m, refresh);
    ProtocolChecker without_it(m, refresh);
    for (const auto& c : cmds) {
      if (c.cycle > cut) break;
      legal.check(c);
      const bool the_refresh = c.cycle == cut && c.addr.channel == 0 && c.addr.pseudo_channel == 0 &&
                               (c.command == Command::REFab || c.command == Command::REFpb);
      if (!the_refresh) without_it.check(c);
    }
    legal.finish(cut);
    EXPECT_TRUE(legal.violations().empty()) << legal.violations().front().message;
    without_it.finish(cut + interval);
    const auto& v = without_it.violations();
    EXPECT_TRUE(std::any_of(v.begin(), v.end(), [](const Violation& x) { return x.rule == "refresh overdue"; }))
        << "owed " << worst_owed << " at cycle " << cut;
  }
}

// ai_aware with refresh_preempts_best_effort: a pseudo-channel holding only best effort pays
// each refresh as it falls due (the accesses wait), while one holding the model's traffic still
// postpones; without the knob best effort postpones it too (the test above).
TEST(Refresh, RefreshPreemptsBestEffortButNotTheModelsTraffic) {
  const MemSpec m = test::hbm3e();
  ControllerConfig cfg = with_refresh(RefreshPolicy::AllBank);
  cfg.policy = SchedulerPolicy::AiAware;
  cfg.ai_aware.refresh_preempts_best_effort = true;
  const int intervals = m.t.max_postponed_refreshes + 3;
  const Cycle span = Cycle(intervals) * Cycle(m.t.nREFI);
  // Due at k * nREFI; paid once the banks are precharged (tRP after a PREA, the row bus shared
  // with the other pseudo-channel) - well within one tRC.
  const std::vector<Cycle> best_effort = pc0_refreshes(busy_pc0(cfg, span, m));
  ASSERT_EQ(int(best_effort.size()), intervals - 1);
  for (size_t k = 0; k < best_effort.size(); ++k) {
    const Cycle due = Cycle(k + 1) * Cycle(m.t.nREFI);
    EXPECT_GE(best_effort[k], due);
    EXPECT_LT(best_effort[k], due + Cycle(m.t.nRC)) << "refresh " << k << " waited for the best effort";
  }
  const std::vector<Cycle> model = pc0_refreshes(busy_pc0(cfg, span, m, StreamClass::KV_READ));
  ASSERT_FALSE(model.empty());
  EXPECT_GT(model.front(), Cycle(m.t.max_postponed_refreshes) * Cycle(m.t.nREFI)) << "KV reads postpone it";
}

// The same with per-bank refresh: each target bank holding only best effort is refreshed as
// its refresh falls due, and the stream stays legal.
TEST(Refresh, PerBankRefreshPreemptsBestEffortOnTheTargetBank) {
  const MemSpec m = test::hbm3e();
  ControllerConfig cfg = with_refresh(RefreshPolicy::PerBank);
  cfg.policy = SchedulerPolicy::AiAware;
  cfg.ai_aware.refresh_preempts_best_effort = true;
  const Cycle span = Cycle(2) * Cycle(m.t.nREFI);
  const auto cmds = busy_pc0(cfg, span, m);
  ProtocolChecker checker(m, RefreshPolicy::PerBank);
  for (const auto& c : cmds) checker.check(c);
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
  const std::vector<Cycle> at = pc0_refreshes(cmds);
  const int due = int(span / Cycle(m.t.nREFIpb));
  EXPECT_GE(int(at.size()), due - 1) << "no refresh was postponed behind best effort";
}

// ai_aware with refresh_after_kv_quiet_ns: while KV reads keep coming the refresh postpones as
// under any policy; once they stop and the queue holds none, the refresh goes ahead over the
// weights that wait, and no earlier than the pause after the last KV read's arrival.
TEST(Refresh, RefreshGoesAheadOnceTheKvReadsPause) {
  const MemSpec m = test::hbm3e();
  ControllerConfig cfg = with_refresh(RefreshPolicy::AllBank);
  cfg.policy = SchedulerPolicy::AiAware;
  cfg.ai_aware.refresh_after_kv_quiet_ns = 100;
  const Cycle quiet = cycles_covering(100, m.tCK_ps);
  const int intervals = m.t.max_postponed_refreshes + 3;
  const Cycle span = Cycle(intervals) * Cycle(m.t.nREFI);
  const std::vector<Cycle> kv = pc0_refreshes(busy_pc0(cfg, span, m, StreamClass::KV_READ));
  ASSERT_FALSE(kv.empty());
  EXPECT_GT(kv.front(), Cycle(m.t.max_postponed_refreshes) * Cycle(m.t.nREFI)) << "KV reads postpone it";
  // KV reads until 2.5 intervals, then weights: the two refreshes owed by then go at once.
  const Cycle stop = Cycle(5) * Cycle(m.t.nREFI) / 2;
  const auto mixed = busy_pc0(cfg, span, m, [stop](Cycle now) { return now < stop ? StreamClass::KV_READ : StreamClass::WEIGHT; });
  const std::vector<Cycle> at = pc0_refreshes(mixed);
  ASSERT_GE(at.size(), 2u);
  EXPECT_GE(at.front(), stop + quiet) << "paid before the pause was long enough";
  EXPECT_LT(at.front(), stop + quiet + Cycle(m.t.nRC) + Cycle(64 * m.t.nCCD_L)) << "waited for the weights";
  // Weights alone (the queue never held a KV read): each refresh goes as it falls due.
  const std::vector<Cycle> weights = pc0_refreshes(busy_pc0(cfg, span, m, StreamClass::WEIGHT));
  ASSERT_EQ(int(weights.size()), intervals - 1);
  for (size_t k = 0; k < weights.size(); ++k) {
    EXPECT_LT(weights[k], Cycle(k + 1) * Cycle(m.t.nREFI) + Cycle(m.t.nRC)) << "refresh " << k;
  }
  ProtocolChecker checker(m, RefreshPolicy::AllBank);
  for (const auto& c : mixed) checker.check(c);
  checker.finish(span);
  EXPECT_TRUE(checker.violations().empty()) << checker.violations().front().message;
}

}  // namespace
}  // namespace aimc
