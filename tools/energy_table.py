#!/usr/bin/env python3
"""Energy table from `aimc compare-policies --json` (or `aimc run --stats-json`) files.

One Markdown row per run: scenario, policy, power_down_after_ns, bandwidth, decode step, average
power, pJ/bit, mJ per decode token, background share of the energy, share of pseudo-channel time
powered down, and PDX count (wake-ups). Used for docs/results.md:

    tools/energy_table.py runs.json [more.json ...]

With --row-hold, the ai_aware runs only, one row per scenario and setting (runs that differ only
in their seed share a row), each figure the mean over its runs: ACTs per KiB moved, decode step, KV_READ p99 and
BEST_EFFORT mean latency, pJ/bit and mJ per decode token.

    tools/energy_table.py --row-hold runs.json [more.json ...]
"""
import json
import sys


def rows(path):
    runs = json.load(open(path))
    for r in runs if isinstance(runs, list) else [runs]:
        e = r.get("energy")
        if not e:
            continue
        streams = r["streams"].values() if isinstance(r["streams"], dict) else r["streams"]
        decode = [s for s in streams if isinstance(s, dict) and "steps" in s]
        step = f"{decode[0]['steps']['mean_ns']:.0f}" if decode else "-"
        mj = decode[0].get("mJ_per_token") if decode else None
        background = 100 * e["components_pJ"]["background"] / e["total_pJ"]
        yield (f"| {r['scenario']} | {r['policy']} | {r['controller_resolved']['power_down_after_ns']:g} "
               f"| {r['bandwidth_GBps']:.1f} | {step} | {e['average_power_W']:.2f} | {e['pJ_per_bit']:.2f} "
               f"| {'-' if mj is None else f'{mj:.1f}'} | {background:.1f}% "
               f"| {100 * e.get('powered_down_fraction', 0):.1f}% | {r['commands'].get('PDX', 0)} |")


def runs_of(path):
    runs = json.load(open(path))
    return runs if isinstance(runs, list) else [runs]


def decode_of(r):
    streams = r["streams"].values() if isinstance(r["streams"], dict) else r["streams"]
    decode = [s for s in streams if isinstance(s, dict) and "steps" in s]
    return decode[0] if decode else None


def row_hold_rows(paths):
    """One row per (scenario, hold): the mean over the runs (seeds) that share them."""
    groups = {}
    for path in paths:
        for r in runs_of(path):
            if r["policy"] != "ai_aware" or not r.get("energy"):
                continue
            d = decode_of(r)
            lat = r["class_latency"]
            figures = (r["commands"]["ACT"] / (r["bytes"] / 1024),
                       d["steps"]["mean_ns"] if d else None,
                       lat.get("KV_READ", {}).get("p99_ns"),
                       lat.get("BEST_EFFORT", {}).get("mean_ns"),
                       r["energy"]["pJ_per_bit"],
                       d.get("mJ_per_token") if d else None)
            # Runs of one scenario share a row when only their seed differs.
            key = (r["scenario"], r["controller_resolved"]["ai_aware"]["best_effort_row_hold_ns"],
                   tuple(sorted(r.get("overrides", []))))
            groups.setdefault(key, []).append(figures)
    for (scenario, hold, _), runs in groups.items():
        def mean(i, fmt):
            values = [run[i] for run in runs if run[i] is not None]
            return format(sum(values) / len(values), fmt) if values else "-"
        yield (f"| {scenario} | {hold:g} | {len(runs)} | {mean(0, '.3f')} | {mean(1, '.0f')} | {mean(2, '.0f')} "
               f"| {mean(3, '.0f')} | {mean(4, '.2f')} | {mean(5, '.1f')} |")


def main(args):
    if not args:
        sys.exit(__doc__)
    if args[0] == "--row-hold":
        print("| scenario | row hold ns | runs | ACTs per KiB | decode step ns | KV_READ p99 ns "
              "| BEST_EFFORT mean ns | pJ/bit | mJ/token |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in row_hold_rows(args[1:]):
            print(row)
        return
    paths = args
    print("| scenario | policy | power-down after ns | GB/s | decode step ns | W | pJ/bit | mJ/token "
          "| background | powered down | wake-ups |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        for row in rows(path):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
