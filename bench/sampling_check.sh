#!/usr/bin/env bash
# Validates layer sampling: one whole Llama-3-8B decode step on one stack (every layer, every
# byte: about 385M accesses, several minutes and ~11 GB of memory) against the sampled estimates
# at several layer fractions, the shipped one (0.002) included, each with twelve seeds (the seed
# places the sampled KV blocks). The tenants are stopped so that the decode is alone on the stack
# in every run. Prints, per fraction, the full step extrapolated from the sample
# (docs/scenario-format.md) and its error against the whole step for every seed, the same for
# the plain estimate (step x scale), and the sampling uncertainty aimc reports
# (docs/benchmarks.md, "Sampling against a whole step").
#
#   bash bench/sampling_check.sh [BUILD_DIR] [WHOLE_STEP_MS]
# With WHOLE_STEP_MS (a whole step measured before on the same build), the whole run is skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
whole_ms="${2:-}"
aimc="$build/aimc"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
alone=(--set traffic.streams.tenant_stream.duration_ns=20 --set traffic.streams.tenant_random.duration_ns=20)
scenario="$root/scenarios/llm/llama3_8b_decode.yaml"
fractions=(0.001 0.002 0.004 0.008 0.016)
seeds=(0 1 2 3 4 5 6 7 8 9 10 11)

if [ -z "$whole_ms" ]; then
  "$aimc" run "$scenario" "${alone[@]}" --set traffic.streams.decode.steps=1 \
    --set traffic.streams.decode.simulate_layers=32 --set traffic.streams.decode.layer_fraction=1 \
    --stats "$out/whole.json" >/dev/null
fi
for f in "${fractions[@]}"; do
  for seed in "${seeds[@]}"; do
    "$aimc" run "$scenario" "${alone[@]}" --set traffic.streams.decode.layer_fraction="$f" --seed-offset "$seed" \
      --stats "$out/f${f}_s$seed.json" >/dev/null
  done
done
python3 - "$out" "$whole_ms" "${fractions[*]}" "${seeds[*]}" <<'PY'
import json, os, sys
out, whole_ms, fractions, seeds = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
def decode(path):
    r = json.load(open(path))
    return [x for x in r["streams"] if x.get("name") == "decode"][0], r
if whole_ms:
    w = float(whole_ms)
    print(f"whole step (given): {w:.3f} ms")
else:
    whole, wr = decode(os.path.join(out, "whole.json"))
    w = whole["full_step_ms"]
    n = wr["requests"]["read"] + wr["requests"]["write"]
    print(f"whole step (32 layers, every byte, {n} requests): {w:.3f} ms, {whole['tokens_per_s_bound']:.0f} tokens/s")
print("| layer_fraction | requests | full step error, seeds " + " / ".join(seeds) +
      " | worst | RMS | pooled with the check run: worst / RMS | plain estimate error | reported uncertainty |")
print("|---:|---:|---|---:|---:|---:|---|---|")
def span(values):
    return f"{min(values):+.1f}..{max(values):+.1f} %"
for f in fractions:
    err, pooled, plain, unc, n = [], [], [], [], 0
    for seed in seeds:
        s, r = decode(os.path.join(out, f"f{f}_s{seed}.json"))
        n = r["requests"]["read"] + r["requests"]["write"]
        err.append(100 * (s["full_step_ms"] / w - 1))
        plain.append(100 * (s["plain_full_step_ms"] / w - 1))
        unc.append(100 * s["sampling"]["uncertainty"])
        # The run and its check run as one sample, weighted by their fractions (aimc run's pooled figure).
        pooled.append(100 * (s["sampling"]["pooled_full_step_ms"] / w - 1))
    rms = lambda v: (sum(e * e for e in v) / len(v)) ** 0.5
    worst, worst_pooled = max(err, key=abs), max(pooled, key=abs)
    print(f"| {f} | {n} | " + " / ".join(f"{e:+.1f}" for e in err) + f" | {worst:+.1f} % | {rms(err):.1f} % | "
          f"{worst_pooled:+.1f} / {rms(pooled):.1f} % | {span(plain)} | {min(unc):.1f}..{max(unc):.1f} % |")
PY
