#!/usr/bin/env bash
# Validates layer sampling on a decode that shares the stack with open-loop tenants, as the
# shipped llama3_8b_decode does. bench/sampling_check.sh checks the decode alone against a whole
# step; with tenants a whole step is too long to run here (about 835M requests), so the
# reference is 8 whole layers (every byte, the tenants running all along): alone on the stack,
# 8 whole layers extrapolate to within 0.1 % of the whole 32-layer step.
# For each policy it runs that reference, then the sampled scenario at several layer
# fractions and seeds, and prints each run's full-step error against the reference, with the
# uncertainty aimc run reports for it (docs/benchmarks.md, "Sampling with tenants"). The
# tenants run 1.5 times as long as the shipped file's, stretched with the fraction, so that they
# cover the decode in every run (a decode under ai_aware slows more than in proportion to its
# sample); the script checks that they do.
#
#   bash bench/sampling_with_tenants.sh [BUILD_DIR] [POLICY...]
# About 15-25 minutes for both policies on a 2-core machine; each policy's reference run (8 whole
# layers beside the tenants) takes most of it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
shift || true
policies=("$@")
[ ${#policies[@]} -gt 0 ] || policies=(fr_fcfs ai_aware)
aimc="$build/aimc"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
scenario="$root/scenarios/llm/llama3_8b_decode.yaml"
shipped_fraction=0.002 shipped_tenant_ns=90000  # as the scenario file ships them
fractions=(0.002 0.004 0.008 0.016)
seeds=(0 1 2)
reference_layers=8

tenants() {  # the --set arguments of the tenants' duration in ns, into the array `tenant_args`
  tenant_args=(--set "traffic.streams.tenant_stream.duration_ns=$1" --set "traffic.streams.tenant_random.duration_ns=$1")
}
for policy in "${policies[@]}"; do
  # The reference's tenants must outlast its decode: 1.5x the step the 0.016 sample predicts.
  tenants $((shipped_tenant_ns * 8))
  "$aimc" run "$scenario" --policy "$policy" --no-sampling-check --no-progress \
    --set traffic.streams.decode.layer_fraction=0.016 "${tenant_args[@]}" \
    --stats "$out/probe_$policy.json" >/dev/null
  ref_tenant_ns=$(python3 -c 'import json,sys; s=[x for x in json.load(open(sys.argv[1]))["streams"] if x["name"]=="decode"][0]
print(int(s["full_step_ms"] * 1e6 * int(sys.argv[2]) / 32 * 1.5))' "$out/probe_$policy.json" "$reference_layers")
  tenants "$ref_tenant_ns"
  "$aimc" run "$scenario" --policy "$policy" --no-sampling-check --no-progress \
    --set traffic.streams.decode.steps=1 --set traffic.streams.decode.simulate_layers=$reference_layers \
    --set traffic.streams.decode.layer_fraction=1 "${tenant_args[@]}" \
    --stats "$out/ref_$policy.json" >/dev/null
  for f in "${fractions[@]}"; do
    tenants "$(python3 -c "print(round(1.5 * $shipped_tenant_ns * $f / $shipped_fraction))")"
    for seed in "${seeds[@]}"; do
      "$aimc" run "$scenario" --policy "$policy" --no-progress --seed-offset "$seed" \
        --set traffic.streams.decode.layer_fraction="$f" "${tenant_args[@]}" \
        --stats "$out/${policy}_f${f}_s$seed.json" >/dev/null
    done
  done
done
python3 - "$out" "${policies[*]}" "${fractions[*]}" "${seeds[*]}" "$reference_layers" <<'PY'
import json, os, sys
out, policies, fractions, seeds, layers = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
def decode(path):
    r = json.load(open(path))
    s = [x for x in r["streams"] if x.get("name") == "decode"][0]
    if any(x["active_ns"] < s["active_ns"] for x in r["streams"]):
        sys.exit(f"{path}: a tenant ended before the decode; stretch the tenants further")
    return s, r["simulated_ns"], r["requests"]["read"] + r["requests"]["write"]
print("| policy | reference: full step (tokens/s) | layer_fraction | requests | full step error, seeds "
      + " / ".join(seeds) + " | reported uncertainty |")
print("|---|---|---:|---:|---|---|")
for p in policies:
    ref, _, _ = decode(os.path.join(out, f"ref_{p}.json"))
    w = ref["full_step_ms"]
    for f in fractions:
        err, unc, n = [], [], 0
        for seed in seeds:
            s, _, n = decode(os.path.join(out, f"{p}_f{f}_s{seed}.json"))
            err.append(100 * (s["full_step_ms"] / w - 1))
            unc.append(100 * s["sampling"]["uncertainty"])
        print(f"| {p} | {w:.2f} ms ({ref['tokens_per_s_bound']:.0f}) | {f} | {n} | "
              + " / ".join(f"{e:+.1f}" for e in err) + f" % | {min(unc):.1f}..{max(unc):.1f} % |")
PY
