#!/usr/bin/env python3
"""Energy table from `aimc compare-policies --json` (or `aimc run --stats-json`) files.

One Markdown row per run: scenario, policy, power_down_after_ns, bandwidth, decode step, average
power, pJ/bit, mJ per decode token, background share of the energy, share of pseudo-channel time
powered down, and PDX count (wake-ups). Used for docs/results.md:

    tools/energy_table.py runs.json [more.json ...]

With --row-hold, the ai_aware runs only, one row per best_effort_row_hold_ns: ACTs per KiB moved,
decode step, KV_READ p99 and BEST_EFFORT mean latency, pJ/bit and mJ per decode token.

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


def row_hold_rows(path):
    for r in runs_of(path):
        if r["policy"] != "ai_aware" or not r.get("energy"):
            continue
        d = decode_of(r)
        step = f"{d['steps']['mean_ns']:.0f}" if d else "-"
        mj = d.get("mJ_per_token") if d else None
        lat = r["class_latency"]
        kv = lat.get("KV_READ", {}).get("p99_ns")
        be = lat.get("BEST_EFFORT", {}).get("mean_ns")
        acts_per_kib = r["commands"]["ACT"] / (r["bytes"] / 1024)
        yield (f"| {r['scenario']} | {r['controller_resolved']['ai_aware']['best_effort_row_hold_ns']:g} "
               f"| {acts_per_kib:.3f} | {step} | {'-' if kv is None else f'{kv:.0f}'} "
               f"| {'-' if be is None else f'{be:.0f}'} | {r['energy']['pJ_per_bit']:.2f} "
               f"| {'-' if mj is None else f'{mj:.1f}'} |")


def main(args):
    if not args:
        sys.exit(__doc__)
    if args[0] == "--row-hold":
        print("| scenario | row hold ns | ACTs per KiB | decode step ns | KV_READ p99 ns | BEST_EFFORT mean ns "
              "| pJ/bit | mJ/token |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for path in args[1:]:
            for row in row_hold_rows(path):
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
