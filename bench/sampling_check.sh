#!/usr/bin/env bash
# Validates layer sampling: one whole Llama-3-8B decode step on one stack (every layer, every
# byte: about 385M accesses, several minutes and ~11 GB of memory) against the sampled estimates
# at several layer fractions, the shipped one (0.001) included. The tenants are stopped so that
# the decode is alone on the stack in every run. Prints each estimate's full step, its error
# against the whole step, and the sampling uncertainty aimc reports for it (docs/benchmarks.md).
#
#   bash bench/sampling_check.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
aimc="$build/aimc"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
alone=(--set traffic.streams.tenant_stream.duration_ns=20 --set traffic.streams.tenant_random.duration_ns=20)
scenario="$root/scenarios/llm/llama3_8b_decode.yaml"

"$aimc" run "$scenario" "${alone[@]}" --set traffic.streams.decode.steps=1 \
  --set traffic.streams.decode.simulate_layers=32 --set traffic.streams.decode.layer_fraction=1 \
  --stats "$out/whole.json" >/dev/null
for f in 0.001 0.002 0.005 0.01 0.02 0.05; do
  "$aimc" run "$scenario" "${alone[@]}" --set traffic.streams.decode.layer_fraction=$f --stats "$out/f$f.json" >/dev/null
done
python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
def decode(path):
    r = json.load(open(path))
    s = r["streams"]["decode"] if isinstance(r["streams"], dict) else [x for x in r["streams"] if x.get("name") == "decode"][0]
    return s, r
whole, wr = decode(os.path.join(out, "whole.json"))
w = whole["full_step_ms"]
def requests(r):
    return r["requests"]["read"] + r["requests"]["write"]
print(f"whole step (32 layers, every byte, {requests(wr)} requests): {w:.3f} ms, {whole['tokens_per_s_bound']:.0f} tokens/s")
print("| layer_fraction | requests | full step ms | error vs whole | reported uncertainty | fill-free full step ms |")
print("|---:|---:|---:|---:|---:|---:|")
for f in ["0.001", "0.002", "0.005", "0.01", "0.02", "0.05"]:
    s, r = decode(os.path.join(out, f"f{f}.json"))
    u = s.get("sampling", {}).get("uncertainty")
    ff = s.get("sampling", {}).get("fill_free_full_step_ms")
    print(f"| {f} | {requests(r)} | {s['full_step_ms']:.3f} | {100 * (s['full_step_ms'] / w - 1):+.1f} % "
          f"| {'-' if u is None else f'{100 * u:.1f} %'} | {'-' if ff is None else f'{ff:.3f} ({100 * (ff / w - 1):+.1f} %)'} |")
PY
