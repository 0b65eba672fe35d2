#!/usr/bin/env bash
# The same two workloads on every memspec preset (speed bins and stack heights): the 8B decode
# with its best-effort tenants (its regions need 24 GiB: not on the 16 GiB HBM3 part), and uniform
# random 70/30 traffic. Prints a Markdown table.
#   tools/speed_bins.sh [BUILD_DIR]     (default build/; about 30 s)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for preset in scenarios/memspec/*.yaml; do
  name=$(basename "$preset" .yaml)
  if [[ $name != hbm3_* ]]; then
    "$build/aimc" run scenarios/llm/llama3_8b_decode.yaml --set "memspec=$PWD/$preset" \
      --stats "$out/$name.decode.json" --quiet --no-progress
  fi
  "$build/aimc" run scenarios/baseline/random_70r30w.yaml --set "memspec=$PWD/$preset" --stats "$out/$name.random.json" \
    --quiet --no-progress
done
/usr/bin/python3 - "$out" <<'PY'
import glob, json, os, sys
out = sys.argv[1]
print("| memspec | Gb/s | high | banks per PC | GiB | peak GB/s | decode GB/s | KV_READ p99 ns | step ns | tokens/s bound | random 70/30 GB/s | random read mean ns |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for path in sorted(glob.glob(os.path.join(out, "*.random.json"))):
    r = json.load(open(path))
    m = r["memspec_resolved"]
    decode_path = path.replace(".random.", ".decode.")
    cells = ["-"] * 4
    if os.path.exists(decode_path):
        decode = next(s for s in json.load(open(decode_path))["streams"] if s["name"] == "decode")
        cells = [f"{decode['bandwidth_GBps']:.1f}", f"{decode['class_latency']['KV_READ']['p99_ns']:.0f}",
                 f"{decode['steps']['mean_ns']:.0f}", f"{decode['tokens_per_s_bound']:.0f}"]
    o = m["organization"]
    banks = o["stack_ids"] * o["bank_groups"] * o["banks_per_group"]
    print(f"| {m['name']} | {m['data_rate_gbps']:.1f} | {o['stack_height']} | {banks} "
          f"| {m['organization']['capacity_bytes'] / 2**30:.0f} | {m['peak_GBps']:.1f} | " + " | ".join(cells) +
          f" | {r['bandwidth_GBps']:.1f} | {r['read_latency']['mean_ns']:.1f} |")
PY
