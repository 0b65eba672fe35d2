"""`aimc report` as a user runs it: the page and every plot it names."""

import json
import re

from conftest import run_aimc


def test_report_writes_a_page_with_every_plot(runs, sweep_dir, tmp_path):
    out = tmp_path / "report"
    r = run_aimc("report", runs["fr_fcfs"], runs["ai_aware"], "--sweep", sweep_dir, "-o", str(out))
    assert r.returncode == 0, r.stderr
    page = (out / "index.html").read_text()
    images = re.findall(r'<img src="([^"]+)"', page)
    # Per run: bandwidth, latency CDF, ACT heatmap, steps; the comparison; per sweep axis one figure.
    assert len(images) == 2 * 4 + 1 + 2
    for name in images:
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, name
    assert f"({len(images)} plots)" in r.stdout
    assert "default / ai_aware" in page and "Sweep decode_policy_rate" in page


def test_svg_and_runs_without_time_series(runs, tmp_path):
    # A stats file without time series gets a note, not a failure.
    with open(runs["fr_fcfs"], encoding="utf-8") as f:
        stats = json.load(f)
    del stats["timeseries"]
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(stats))
    out = tmp_path / "svg"
    r = run_aimc("report", runs["ai_aware"], str(plain), "-o", str(out), "--format", "svg")
    assert r.returncode == 0, r.stderr
    assert "has no time series" in r.stderr
    svgs = sorted(p.name for p in out.iterdir() if p.suffix == ".svg")
    assert len(svgs) == 4 + 1  # the ai_aware run's four, and the comparison
    assert all((out / s).read_text().lstrip().startswith("<?xml") for s in svgs)


def test_bad_input_is_named(tmp_path):
    r = run_aimc("report", str(tmp_path / "missing.json"), "-o", str(tmp_path / "r"))
    assert r.returncode == 2
    assert "missing.json: cannot read" in r.stderr
