#!/usr/bin/env bash
# The loosely-timed mode's error on the closed-loop decode scenarios, over several seeds: each
# scenario runs with --seed-offset 0..N-1 through the cycle-exact TLM drive (at) and through lt
# (1 us quantum), and the script prints lt's error against at per seed and its mean: total
# bandwidth, mean latency over every request, and the mean decode step (every stream's steps).
# One run's error moves by several percent from seed to seed; the mean is the model's bias.
#   bench/lt_error_seeds.sh [BUILD_DIR] [SEEDS]     (default build/, 3 seeds; about 30 s)
# shellcheck source=bench/lt_bench_setup.sh
source "$(dirname "$0")/lt_bench_setup.sh"
seeds=${2:-3}
for sc in "${scenarios[@]}"; do
  name=$(basename "$sc")
  for ((s = 0; s < seeds; s++)); do
    for mode in at lt; do
      "$build/aimc" run "scenarios/$sc.yaml" --backend tlm --tlm-mode "$mode" -q --no-sampling-check \
        --seed-offset "$s" --stats "$out/$name.$s.$mode.json"
    done
  done
done
python3 - "$out" "$seeds" "${scenarios[@]}" <<'PY'
import json, os, sys
out, seeds, names = sys.argv[1], int(sys.argv[2]), [os.path.basename(s) for s in sys.argv[3:]]
load = lambda name, s, mode: json.load(open(os.path.join(out, f"{name}.{s}.{mode}.json")))
def mean_latency(j):
    pairs = [(j[k]["count"], j[k]["mean_ns"]) for k in ("read_latency", "write_latency") if j[k].get("count")]
    return sum(c * m for c, m in pairs) / sum(c for c, _ in pairs)
def mean_step(j):
    steps = [s["steps"]["mean_ns"] for s in j["streams"] if s.get("steps", {}).get("count")]
    return sum(steps) / len(steps) if steps else None
def err(x, ref):
    return 100 * (x / ref - 1) if x is not None and ref else None
fmt = lambda v: "-" if v is None else f"{v:+.1f} %"
print("| scenario | bandwidth | mean latency | decode step | step by seed |")
print("|---|---:|---:|---:|---|")
for name in names:
    rows = []
    for s in range(seeds):
        a, l = load(name, s, "at"), load(name, s, "lt")
        rows.append((err(l["bandwidth_GBps"], a["bandwidth_GBps"]), err(mean_latency(l), mean_latency(a)),
                     err(mean_step(l), mean_step(a))))
    mean = [None if any(r[i] is None for r in rows) else sum(r[i] for r in rows) / seeds for i in range(3)]
    print(f"| {name} | {fmt(mean[0])} | {fmt(mean[1])} | {fmt(mean[2])} | {' / '.join(fmt(r[2]) for r in rows)} |")
PY
