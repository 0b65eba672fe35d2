#!/usr/bin/env bash
# Validates sampling to a target (aimc run --sample-until PCT) on the Llama-3-8B decode:
#  1. alone on the stack (the tenants stopped), twelve seeds, against one whole step (all 32
#     layers, every byte: about 385M accesses, 12 minutes and 11 GB), as bench/sampling_check.sh;
#  2. beside its tenants as shipped, under FR-FCFS and ai_aware, three seeds, against 8 whole
#     layers with the tenants running all along, as bench/sampling_with_tenants.sh.
# Prints, per run, the scale the search chose, the full step's error against the reference, the
# gap the search stopped at and the search's wall time (docs/benchmarks.md, "Sampling to a target").
#
#   bash bench/sample_until_check.sh [BUILD_DIR] [PCT] [WHOLE_STEP_MS FR_FCFS_8_LAYERS_MS AI_AWARE_8_LAYERS_MS]
# With the three reference times (measured before on the same build by the two benches above),
# the reference runs are skipped. PCT defaults to 2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
pct="${2:-2}"
whole_ms="${3:-}" ref_fr_fcfs="${4:-}" ref_ai_aware="${5:-}"
aimc="$build/aimc"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
scenario="$root/scenarios/llm/llama3_8b_decode.yaml"
alone=(--set traffic.streams.tenant_stream.duration_ns=20 --set traffic.streams.tenant_random.duration_ns=20)
full_ms() {  # the decode's full step in a stats file
  python3 -c 'import json,sys; print([x for x in json.load(open(sys.argv[1]))["streams"] if x["name"]=="decode"][0]["full_step_ms"])' "$1"
}

if [ -z "$whole_ms" ]; then
  "$aimc" run "$scenario" "${alone[@]}" --no-progress --no-sampling-check --set traffic.streams.decode.steps=1 \
    --set traffic.streams.decode.simulate_layers=32 --set traffic.streams.decode.layer_fraction=1 \
    --stats "$out/whole.json" >/dev/null
  whole_ms=$(full_ms "$out/whole.json")
  for policy in fr_fcfs ai_aware; do
    # As bench/sampling_with_tenants.sh: the tenants run 1.5 times the 8 layers' time that a
    # 0.016 sample predicts, so that they outlast the reference's decode.
    "$aimc" run "$scenario" --policy "$policy" --no-progress --no-sampling-check --sample-scale 8 \
      --stats "$out/probe_$policy.json" >/dev/null
    tenant_ns=$(python3 -c "print(int($(full_ms "$out/probe_$policy.json") * 1e6 * 8 / 32 * 1.5))")
    "$aimc" run "$scenario" --policy "$policy" --no-progress --no-sampling-check \
      --set traffic.streams.decode.steps=1 --set traffic.streams.decode.simulate_layers=8 \
      --set traffic.streams.decode.layer_fraction=1 --set traffic.streams.tenant_stream.duration_ns="$tenant_ns" \
      --set traffic.streams.tenant_random.duration_ns="$tenant_ns" --stats "$out/ref_$policy.json" >/dev/null
  done
  ref_fr_fcfs=$(full_ms "$out/ref_fr_fcfs.json") ref_ai_aware=$(full_ms "$out/ref_ai_aware.json")
fi

run() {  # NAME REFERENCE_MS ARGS...: one searched run
  local name=$1 ref=$2
  shift 2
  "$aimc" run "$scenario" --sample-until "$pct" --no-progress --quiet "$@" --stats "$out/$name.json"
  python3 - "$out/$name.json" "$ref" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ref, name = float(sys.argv[2]), sys.argv[3]
d = [x for x in r["streams"] if x["name"] == "decode"][0]
s = r["sample_search"]
gap = s["gap"]
print(f"| {name} | x{s['scale']:g} | {d['full_step_ms']:.3f} | {100 * (d['full_step_ms'] / ref - 1):+.1f} % | "
      f"{100 * gap:.1f} %{'' if s['reached'] else ' (not reached)'} | {s['wall_s']:.1f} s |")
PY
}

echo "--sample-until $pct; references: whole step alone $whole_ms ms, 8 whole layers beside the tenants $ref_fr_fcfs ms (fr_fcfs) / $ref_ai_aware ms (ai_aware)"
echo "| run | scale chosen | full step (ms) | error | gap at the answer | search wall time |"
echo "|---|---:|---:|---:|---:|---:|"
for seed in 0 1 2 3 4 5 6 7 8 9 10 11; do
  run "alone_seed$seed" "$whole_ms" "${alone[@]}" --seed-offset "$seed"
done
for policy in fr_fcfs ai_aware; do
  ref=$ref_fr_fcfs
  [ "$policy" = ai_aware ] && ref=$ref_ai_aware
  for seed in 0 1 2; do
    run "${policy}_seed$seed" "$ref" --policy "$policy" --seed-offset "$seed"
  done
done
