"""The numbers each plot shows, taken from aimc stats JSON (as `aimc run --stats` writes it).

Every function here is pure: a stats dict in, plain lists and dicts out. The plots draw exactly
these, and the tests check them against the stats' own totals.
"""

import json
import os


class ReportError(Exception):
    """Bad input: the message names the file and what is wrong with it."""


def load_stats(path):
    try:
        with open(path, encoding="utf-8") as f:
            stats = json.load(f)
    except OSError as e:
        raise ReportError(f"{path}: cannot read ({e.strerror})") from e
    except json.JSONDecodeError as e:
        raise ReportError(f"{path}:{e.lineno}: not JSON ({e.msg})") from e
    if not isinstance(stats, dict) or "bandwidth_GBps" not in stats:
        raise ReportError(f"{path}: not a stats file of aimc (written by aimc run --stats)")
    return stats


def series(stats):
    """The run's time series, or None when it was run without --timeseries-ns."""
    return stats.get("timeseries")


def label(stats, path=None):
    """A short name for a run: scenario and policy (and the file when two would read alike)."""
    text = f"{stats.get('scenario', '?')} / {stats.get('policy', '?')}"
    return f"{text} ({os.path.basename(path)})" if path else text


def bandwidth_over_time(stats):
    """Window start times (us) and GB/s per class; the refresh commands' times (us)."""
    ts = series(stats)
    window_ns = ts["window_ns"]
    times_us = [w * window_ns / 1000.0 for w in range(ts["windows"])]
    by_class = {name: list(values) for name, values in ts["bandwidth_GBps"]["by_class"].items()}
    refresh_us = sorted(r["t_ns"] / 1000.0 for r in ts["refresh"])
    return {"t_us": times_us, "by_class": by_class, "refresh_us": refresh_us, "window_ns": window_ns}


def latency_cdf(stats):
    """Per class: latency (ns) at each quantile, and the quantiles (0..1)."""
    out = {}
    for name, q in series(stats)["latency_quantiles"].items():
        out[name] = {"ns": list(q["ns"]), "p": list(q["p"]), "count": q["count"]}
    return out


def act_heatmap(stats):
    """ACT counts: one row per pseudo-channel (channel * pseudo-channels + pseudo-channel), one
    column per bank; and the row labels."""
    acts = series(stats)["act_per_bank"]
    per_channel = series(stats)["queue_occupancy"]["pseudo_channels_per_channel"]
    rows = [list(r) for r in acts["counts"]]
    labels = [f"ch{i // per_channel} pc{i % per_channel}" for i in range(len(rows))]
    return {"counts": rows, "row_labels": labels, "banks": acts["banks"]}


def step_timeline(stats):
    """The steps of every LLM stream: (stream, step, start us, end us), in time order."""
    steps = [(s["stream"], s["step"], s["start_ns"] / 1000.0, s["end_ns"] / 1000.0) for s in series(stats)["steps"]]
    return sorted(steps, key=lambda s: (s[0], s[2]))


def queue_occupancy(stats):
    """Mean queue occupancy per window, averaged over pseudo-channels, and the busiest one's."""
    occ = series(stats)["queue_occupancy"]["by_pseudo_channel"]
    windows = len(occ[0]) if occ else 0
    mean = [sum(pc[w] for pc in occ) / len(occ) for w in range(windows)]
    peak = [max(pc[w] for pc in occ) for w in range(windows)]
    return {"mean": mean, "max": peak}


# The figures compared across runs: (key, title, how to read it from the stats).
def _decode(stats):
    for st in stats.get("streams", []):
        if st.get("kind") == "llm_decode" and "full_step_ms" in st:
            return st
    return None


def _class_p99(name):
    return lambda s: s.get("class_latency", {}).get(name, {}).get("p99_ns")


FIGURES = [
    ("bandwidth_GBps", "bandwidth (GB/s)", lambda s: s.get("bandwidth_GBps")),
    ("decode_GBps", "decode bandwidth (GB/s)", lambda s: (_decode(s) or {}).get("bandwidth_GBps")),
    ("tokens_per_s", "tokens/s bound", lambda s: (_decode(s) or {}).get("tokens_per_s_bound")),
    ("kv_read_p99_ns", "KV_READ p99 (ns)", _class_p99("KV_READ")),
    ("best_effort_p99_ns", "BEST_EFFORT p99 (ns)", _class_p99("BEST_EFFORT")),
    ("pj_per_bit", "energy (pJ/bit)", lambda s: (s.get("energy") or {}).get("pJ_per_bit")),
]


def headline(stats):
    """The compared figures of one run (None where the run has no such traffic)."""
    return {key: read(stats) for key, _, read in FIGURES}


def comparison(runs):
    """For several (label, stats): per figure, the labels and values of the runs that have it."""
    out = {}
    for key, title, read in FIGURES:
        pairs = [(name, read(stats)) for name, stats in runs]
        pairs = [(name, v) for name, v in pairs if v is not None]
        if pairs:
            out[key] = {"title": title, "labels": [p[0] for p in pairs], "values": [p[1] for p in pairs]}
    return out


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def sweep_lines(sweep_dir):
    """For a sweep folder: per numeric axis and figure, one line per combination of the other
    columns (policy, the other axes), with the axis values on x: (x, mean, min, max) over the
    seeds (one seed: all three equal). Points not finished are left out."""
    plan_path = os.path.join(sweep_dir, "plan.json")
    try:
        with open(plan_path, encoding="utf-8") as f:
            plan = json.load(f)
    except OSError as e:
        raise ReportError(f"{plan_path}: cannot read ({e.strerror}); give the folder aimc sweep wrote") from e
    rows = []
    for point in plan["points"]:
        stats_path = os.path.join(sweep_dir, "points", point["id"] + ".json")
        if os.path.exists(stats_path):
            rows.append((point, headline(load_stats(stats_path))))
    lines = {}
    for axis in plan["axes"]:
        if not any(_number(p["axes"][axis]) is not None for p, _ in rows):
            continue
        for key, title, _ in FIGURES:
            groups = {}
            for point, figures in rows:
                x, y = _number(point["axes"][axis]), figures[key]
                if x is None or y is None:
                    continue
                others = [point["policy"]] + [f"{a}={point['axes'][a]}" for a in plan["axes"] if a != axis
                                              and point["axes"][a] is not None]
                if len(plan.get("backends", ["model"])) > 1:
                    others.append(point["backend"])
                groups.setdefault(", ".join(others), {}).setdefault(x, []).append(y)
            if groups:
                lines.setdefault(axis, {})[key] = {
                    "title": title,
                    "lines": {name: [(x, sum(ys) / len(ys), min(ys), max(ys)) for x, ys in sorted(by_x.items())]
                              for name, by_x in sorted(groups.items())},
                }
    return {"name": plan.get("name", os.path.basename(sweep_dir)), "points": len(plan["points"]),
            "finished": len(rows), "lines": lines}
