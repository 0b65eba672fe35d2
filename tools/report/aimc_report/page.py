"""The HTML page: every plot, the headline figures of each run, and the comparisons."""

import html
import os

from . import data


def _img(path, alt):
    return f'<figure><img src="{html.escape(os.path.basename(path))}" alt="{html.escape(alt)}"></figure>'


def write(out_dir, runs, plots, comparison_plot, sweeps):
    """runs: [(label, stats, source path)]; plots: {label: [(title, path)]};
    sweeps: [(sweep data, [(axis, path)])]."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>aimc report</title>",
        "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
        "img{max-width:100%}table{border-collapse:collapse;font-size:0.85em}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}"
        "td:first-child{text-align:left}figure{margin:1em 0}</style></head><body>",
        "<h1>aimc report</h1>",
    ]
    if runs:
        parts.append("<h2>Runs</h2><table><tr><th>run</th><th>file</th>")
        parts += [f"<th>{html.escape(title)}</th>" for _, title, _ in data.FIGURES]
        parts.append("</tr>")
        for name, stats, path in runs:
            figures = data.headline(stats)
            cells = "".join(f"<td>{'-' if figures[k] is None else f'{figures[k]:.4g}'}</td>" for k, _, _ in data.FIGURES)
            parts.append(f"<tr><td>{html.escape(name)}</td><td>{html.escape(path)}</td>{cells}</tr>")
        parts.append("</table>")
    if comparison_plot:
        parts += ["<h2>Comparison</h2>", _img(comparison_plot, "comparison of the runs")]
    for sweep, figures in sweeps:
        parts.append(f"<h2>Sweep {html.escape(sweep['name'])}</h2>"
                     f"<p>{sweep['finished']} of {sweep['points']} points finished.</p>")
        for axis, path in figures:
            parts += [f"<h3>Over {html.escape(axis)}</h3>", _img(path, f"figures over {axis}")]
    for name, stats, _ in runs:
        if not plots.get(name):
            continue
        parts.append(f"<h2>{html.escape(name)}</h2>")
        for title, path in plots[name]:
            parts += [f"<h3>{html.escape(title)}</h3>", _img(path, title)]
    parts.append("</body></html>\n")
    path = os.path.join(out_dir, "index.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    return path
