#!/usr/bin/env bash
# The loosely-timed mode's error taken apart: each closed-loop scenario runs once through the
# cycle-exact TLM drive (at), which records its arrivals (--arrivals-trace); those arrivals are
# then replayed open loop through at (which must give the run's figures again) and through lt.
# lt on the same arrivals shows its own error per access; the rest of its error in its own run
# (docs/benchmarks.md, the TLM table) comes from the closed loop reacting to its answers.
#   bench/lt_same_arrivals.sh [BUILD_DIR]
# Prints, per scenario, lt against at on the same arrivals: total bandwidth, mean latency over
# every request, and the mean latency of the KV_READ and WEIGHT requests. About a minute.
# shellcheck source=bench/lt_bench_setup.sh
source "$(dirname "$0")/lt_bench_setup.sh"
for sc in "${scenarios[@]}"; do
  name=$(basename "$sc")
  run=("$build/aimc" run "scenarios/$sc.yaml" --backend tlm -q --no-sampling-check)
  "${run[@]}" --tlm-mode at --arrivals-trace "$out/$name.trace" --stats "$out/$name.at.json"
  "${run[@]}" --tlm-mode at --trace "$out/$name.trace" --stats "$out/$name.at_replay.json"
  "${run[@]}" --tlm-mode lt --trace "$out/$name.trace" --stats "$out/$name.lt_replay.json"
done
python3 - "$out" "${scenarios[@]}" <<'PY'
import json, os, sys
out, scenarios = sys.argv[1], [os.path.basename(s) for s in sys.argv[2:]]
load = lambda name, kind: json.load(open(os.path.join(out, f"{name}.{kind}.json")))
def mean_latency(j):
    pairs = [(j[k]["count"], j[k]["mean_ns"]) for k in ("read_latency", "write_latency") if j[k].get("count")]
    return sum(c * m for c, m in pairs) / sum(c for c, _ in pairs)
def class_latency(j, cls):
    pairs = [(s["class_latency"][cls]["count"], s["class_latency"][cls]["mean_ns"])
             for s in j["streams"] if cls in s.get("class_latency", {})]
    return sum(c * m for c, m in pairs) / sum(c for c, _ in pairs) if pairs else None
def err(x, ref):
    return f"{100 * (x / ref - 1):+.1f} %" if x is not None and ref else "-"
print("| scenario | at replay = at run | bandwidth | mean latency | KV_READ latency | WEIGHT latency |")
print("|---|---|---:|---:|---:|---:|")
for name in scenarios:
    at, replay, lt = load(name, "at"), load(name, "at_replay"), load(name, "lt_replay")
    same = all(at[k] == replay[k] for k in ("commands", "read_latency", "write_latency", "requests"))
    print(f"| {name} | {'yes' if same else 'NO'} | {err(lt['bandwidth_GBps'], replay['bandwidth_GBps'])} | "
          f"{err(mean_latency(lt), mean_latency(replay))} | {err(class_latency(lt, 'KV_READ'), class_latency(replay, 'KV_READ'))} | "
          f"{err(class_latency(lt, 'WEIGHT'), class_latency(replay, 'WEIGHT'))} |")
PY
