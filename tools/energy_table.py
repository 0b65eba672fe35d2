#!/usr/bin/env python3
"""Energy table from `aimc compare-policies --json` (or `aimc run --stats-json`) files.

One Markdown row per run: scenario, policy, power_down_after_ns, bandwidth, decode step, average
power, pJ/bit, mJ per decode token, background share of the energy, share of pseudo-channel time
powered down, and PDX count (wake-ups). Used for docs/results.md:

    tools/energy_table.py runs.json [more.json ...]
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


def main(paths):
    if not paths:
        sys.exit(__doc__)
    print("| scenario | policy | power-down after ns | GB/s | decode step ns | W | pJ/bit | mJ/token "
          "| background | powered down | wake-ups |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        for row in rows(path):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
