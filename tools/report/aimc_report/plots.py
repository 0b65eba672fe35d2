"""matplotlib drawings of the numbers in data.py; each returns the file it wrote."""

import os

import matplotlib

matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from . import data  # noqa: E402

CLASS_COLORS = {
    "KV_READ": "tab:red",
    "KV_WRITE": "tab:orange",
    "WEIGHT": "tab:blue",
    "ACTIVATION": "tab:green",
    "BEST_EFFORT": "tab:gray",
}


def _save(fig, out_dir, name, fmt):
    path = os.path.join(out_dir, f"{name}.{fmt}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def bandwidth(stats, out_dir, name, fmt):
    d = data.bandwidth_over_time(stats)
    fig, ax = plt.subplots(figsize=(9, 3.6))
    classes = sorted(d["by_class"])
    ax.stackplot(d["t_us"], [d["by_class"][c] for c in classes], labels=classes,
                 colors=[CLASS_COLORS.get(c, "tab:purple") for c in classes], step="post", alpha=0.85)
    if d["refresh_us"]:  # a rug under the zero line: one tick per refresh command
        top = ax.get_ylim()[1]
        ax.set_ylim(-0.06 * top, top)
        ax.plot(d["refresh_us"], [-0.03 * top] * len(d["refresh_us"]), "|", color="black", markersize=7,
                label=f"refresh ({len(d['refresh_us'])} commands)")
        ax.axhline(0, color="black", linewidth=0.5)
    ax.set_xlabel("time (us)")
    ax.set_ylabel(f"GB/s per {d['window_ns']:g} ns window")
    ax.set_title(f"Bandwidth over time by class: {data.label(stats)}")
    ax.legend(loc="upper right", fontsize=7, ncol=3)
    ax.set_xlim(left=0)
    return _save(fig, out_dir, name, fmt)


def latency_cdf(stats, out_dir, name, fmt):
    d = data.latency_cdf(stats)
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    for cls in sorted(d):
        ax.plot(d[cls]["ns"], d[cls]["p"], drawstyle="steps-post", color=CLASS_COLORS.get(cls),
                label=f"{cls} ({d[cls]['count']} requests)")
    ax.set_xscale("log")
    ax.set_xlabel("request latency (ns, arrival to last data)")
    ax.set_ylabel("fraction of requests")
    ax.set_ylim(0, 1.01)
    ax.grid(True, which="both", alpha=0.3)
    ax.set_title(f"Latency CDF by class: {data.label(stats)}")
    ax.legend(fontsize=7, loc="lower right")
    return _save(fig, out_dir, name, fmt)


def act_heatmap(stats, out_dir, name, fmt):
    d = data.act_heatmap(stats)
    rows = len(d["counts"])
    fig, ax = plt.subplots(figsize=(6.5, max(3.0, 0.16 * rows + 1.2)))
    image = ax.imshow(d["counts"], aspect="auto", cmap="viridis", interpolation="nearest")
    ax.set_xlabel("bank (bank group across SIDs * banks per group + bank)")
    ax.set_ylabel("pseudo-channel")
    step = max(1, rows // 16)
    ax.set_yticks(range(0, rows, step))
    ax.set_yticklabels(d["row_labels"][::step], fontsize=6)
    ax.set_xticks(range(d["banks"]))
    ax.tick_params(axis="x", labelsize=6)
    fig.colorbar(image, ax=ax, label="ACT commands")
    ax.set_title(f"ACTs per bank: {data.label(stats)}")
    return _save(fig, out_dir, name, fmt)


def step_timeline(stats, out_dir, name, fmt):
    steps = data.step_timeline(stats)
    if not steps:
        return None
    streams = sorted({s[0] for s in steps})
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(streams) + 1.6))
    for row, stream in enumerate(streams):
        mine = [s for s in steps if s[0] == stream]
        ax.broken_barh([(s[2], s[3] - s[2]) for s in mine], (row - 0.35, 0.7),
                       facecolors=["tab:blue" if s[1] % 2 == 0 else "tab:cyan" for s in mine])
        for s in mine:
            ax.text((s[2] + s[3]) / 2, row, str(s[1]), ha="center", va="center", fontsize=7, color="white")
    ax.set_yticks(range(len(streams)))
    ax.set_yticklabels(streams)
    ax.set_xlabel("time (us)")
    ax.set_title(f"Steps (first request to last data): {data.label(stats)}")
    ax.set_xlim(left=0)
    return _save(fig, out_dir, name, fmt)


def comparison(runs, out_dir, name, fmt):
    d = data.comparison(runs)
    if not d:
        return None
    keys = list(d)
    fig, axes = plt.subplots(len(keys), 1, figsize=(8, 1.9 * len(keys) + 0.6), squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        ax.barh(d[key]["labels"], d[key]["values"], color="tab:blue")
        for y, v in enumerate(d[key]["values"]):
            ax.text(v, y, f" {v:.3g}", va="center", fontsize=7)
        ax.set_title(d[key]["title"], fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
        ax.invert_yaxis()
    return _save(fig, out_dir, name, fmt)


def sweep_lines(sweep, out_dir, name, fmt):
    """One figure per numeric axis: a panel per figure, a line per other-column combination (the
    mean over seeds, with their range shaded)."""
    written = []
    for axis, figures in sweep["lines"].items():
        keys = list(figures)
        fig, axes = plt.subplots(len(keys), 1, figsize=(7.5, 2.2 * len(keys) + 0.6), squeeze=False)
        for ax, key in zip(axes[:, 0], keys):
            for line_name, points in figures[key]["lines"].items():
                xs = [p[0] for p in points]
                (line,) = ax.plot(xs, [p[1] for p in points], marker="o", label=line_name)
                if any(p[2] != p[3] for p in points):  # several seeds: their range as a band
                    ax.fill_between(xs, [p[2] for p in points], [p[3] for p in points], color=line.get_color(), alpha=0.2)
            ax.set_title(figures[key]["title"], fontsize=9)
            ax.set_xlabel(axis, fontsize=8)
            ax.grid(True, alpha=0.3)
        axes[0, 0].legend(fontsize=7)
        safe = axis.replace(".", "_").replace("/", "_")
        written.append((axis, _save(fig, out_dir, f"{name}_{safe}", fmt)))
    return written
