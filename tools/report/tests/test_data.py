"""The numbers the plots show agree with the run's own totals."""

import json
import os

import pytest
from aimc_report import data


def load(path):
    return data.load_stats(path)


def test_bandwidth_over_time_adds_up_to_the_bytes_moved(runs):
    stats = load(runs["fr_fcfs"])
    d = data.bandwidth_over_time(stats)
    moved = sum(sum(v) for v in d["by_class"].values()) * d["window_ns"]  # GB/s x ns = bytes
    assert moved == pytest.approx(stats["bytes"], rel=1e-9)
    assert len(d["t_us"]) == stats["timeseries"]["windows"]
    assert all(len(v) == len(d["t_us"]) for v in d["by_class"].values())
    # The windows cover the run: the last one holds its last data.
    assert d["t_us"][-1] * 1000 <= stats["simulated_ns"] < (d["t_us"][-1] * 1000 + d["window_ns"]) * 1.0001
    assert set(d["by_class"]) == set(stats["class_latency"])


def test_every_refresh_command_is_marked(runs):
    stats = load(runs["fr_fcfs"])
    d = data.bandwidth_over_time(stats)
    assert len(d["refresh_us"]) == stats["commands"]["REFab"] + stats["commands"]["REFpb"] > 0
    assert d["refresh_us"] == sorted(d["refresh_us"])


def test_act_heatmap_counts_every_act_by_pseudo_channel_and_bank(runs):
    stats = load(runs["ai_aware"])
    d = data.act_heatmap(stats)
    assert len(d["counts"]) == 16 * 2 and all(len(r) == d["banks"] == 32 for r in d["counts"])  # 2 SIDs x 16
    assert sum(map(sum, d["counts"])) == stats["commands"]["ACT"]
    assert d["row_labels"][:3] == ["ch0 pc0", "ch0 pc1", "ch1 pc0"]


def test_latency_cdf_per_class_matches_the_latency_summary(runs):
    stats = load(runs["ai_aware"])
    cdf = data.latency_cdf(stats)
    assert set(cdf) == set(stats["class_latency"])
    for cls, c in cdf.items():
        summary = stats["class_latency"][cls]
        assert c["count"] == summary["count"]
        assert c["ns"] == sorted(c["ns"]) and c["p"] == sorted(c["p"])
        assert c["p"][0] == 0 and c["p"][-1] == 1
        assert c["ns"][-1] == pytest.approx(summary["max_ns"])


def test_step_timeline_has_the_decode_steps_the_stats_report(runs):
    stats = load(runs["fr_fcfs"])
    steps = data.step_timeline(stats)
    decode = next(s for s in stats["streams"] if s["kind"] == "llm_decode")
    mine = [s for s in steps if s[0] == decode["name"]]
    assert [s[1] for s in mine] == list(range(len(decode["step_ns"])))
    assert [pytest.approx((s[3] - s[2]) * 1000) for s in mine] == decode["step_ns"]


def test_queue_occupancy_stays_within_the_queue(runs):
    stats = load(runs["fr_fcfs"])
    q = data.queue_occupancy(stats)
    depth = 64  # scenarios/default.yaml's queue_depth
    assert all(0 <= m <= x <= depth for m, x in zip(q["mean"], q["max"]))
    assert max(q["max"]) > 0


def test_comparison_holds_each_runs_headline_figures(runs):
    pair = [("fr_fcfs", load(runs["fr_fcfs"])), ("ai_aware", load(runs["ai_aware"]))]
    d = data.comparison(pair)
    assert d["bandwidth_GBps"]["labels"] == ["fr_fcfs", "ai_aware"]
    assert d["bandwidth_GBps"]["values"] == [s["bandwidth_GBps"] for _, s in pair]
    kv = [s["class_latency"]["KV_READ"]["p99_ns"] for _, s in pair]
    assert d["kv_read_p99_ns"]["values"] == kv


def test_sweep_lines_follow_each_axis_per_policy(sweep_dir):
    d = data.sweep_lines(sweep_dir)
    assert d["points"] == d["finished"] == 6
    rate = d["lines"]["memspec.data_rate_gbps"]["bandwidth_GBps"]["lines"]
    assert set(rate) == {"fr_fcfs", "ai_aware, controller.ai_aware.age_limit_ns=1000",
                         "ai_aware, controller.ai_aware.age_limit_ns=4000"}
    assert [p[0] for p in rate["fr_fcfs"]] == [8.0, 9.6]
    assert all(p[1] == p[2] == p[3] for p in rate["fr_fcfs"])  # one seed: mean = min = max
    plan = json.load(open(os.path.join(sweep_dir, "plan.json"), encoding="utf-8"))
    fr_8 = next(p for p in plan["points"] if p["policy"] == "fr_fcfs" and p["axes"]["memspec.data_rate_gbps"] == "8.0")
    stats = data.load_stats(os.path.join(sweep_dir, "points", fr_8["id"] + ".json"))
    assert rate["fr_fcfs"][0][1] == stats["bandwidth_GBps"]
    # The age limit applies to ai_aware only: its lines have ai_aware points alone.
    age = d["lines"]["controller.ai_aware.age_limit_ns"]["bandwidth_GBps"]["lines"]
    assert all(name.startswith("ai_aware") for name in age)


def test_a_file_that_is_not_stats_is_refused_by_name(tmp_path):
    bad = tmp_path / "not_stats.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(data.ReportError, match="not_stats.json: not a stats file"):
        data.load_stats(str(bad))
    broken = tmp_path / "broken.json"
    broken.write_text('{"bandwidth_GBps": ')
    with pytest.raises(data.ReportError, match="broken.json:1: not JSON"):
        data.load_stats(str(broken))
