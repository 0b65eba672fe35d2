"""aimc report STATS.json [more.json ...] [--sweep DIR ...] -o OUT [--format png|svg]

Writes OUT/index.html and its plots: for each run with time series (aimc run --timeseries-ns),
bandwidth over time with the refresh commands, the latency CDF per class, ACTs per bank and the
LLM steps; for several runs, a comparison of their headline figures; for each sweep folder, the
figures over each numeric axis.
"""

import argparse
import os
import re
import sys

from . import data, page, plots


def main(argv=None):
    parser = argparse.ArgumentParser(prog="aimc report", description=__doc__.split("\n\n")[1])
    parser.add_argument("stats", nargs="*", help="stats JSON files (aimc run --stats; add --timeseries-ns for the time plots)")
    parser.add_argument("--sweep", action="append", default=[], help="a sweep folder (aimc sweep -o DIR); repeatable")
    parser.add_argument("-o", "--out", required=True, help="output folder")
    parser.add_argument("--format", choices=["png", "svg"], default="png")
    args = parser.parse_args(argv)
    if not args.stats and not args.sweep:
        parser.error("give stats files or --sweep DIR")
    try:
        loaded = [(path, data.load_stats(path)) for path in args.stats]
        sweeps = [data.sweep_lines(d) for d in args.sweep]
    except data.ReportError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    names = [data.label(s) for _, s in loaded]
    runs = []
    for path, stats in loaded:
        name = data.label(stats)
        runs.append((data.label(stats, path) if names.count(name) > 1 else name, stats, path))
    plot_files = {}
    for index, (name, stats, path) in enumerate(runs):
        if data.series(stats) is None:
            print(f"note: {path} has no time series (run it with --timeseries-ns 100): no time plots for it",
                  file=sys.stderr)
            continue
        stem = f"run{index + 1}_" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
        made = [
            ("Bandwidth over time", plots.bandwidth(stats, args.out, stem + "_bandwidth", args.format)),
            ("Latency CDF", plots.latency_cdf(stats, args.out, stem + "_latency_cdf", args.format)),
            ("ACTs per bank", plots.act_heatmap(stats, args.out, stem + "_act_heatmap", args.format)),
            ("Steps", plots.step_timeline(stats, args.out, stem + "_steps", args.format)),
        ]
        plot_files[name] = [(title, p) for title, p in made if p]
    compared = plots.comparison([(n, s) for n, s, _ in runs], args.out, "comparison", args.format) if len(runs) > 1 else None
    sweep_figures = [(sw, plots.sweep_lines(sw, args.out, "sweep_" + re.sub(r"[^A-Za-z0-9]+", "_", sw["name"]), args.format))
                     for sw in sweeps]
    index = page.write(args.out, runs, plot_files, compared, sweep_figures)
    files = sum(len(v) for v in plot_files.values()) + (1 if compared else 0) + sum(len(f) for _, f in sweep_figures)
    print(f"report: {index} ({files} plots)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
