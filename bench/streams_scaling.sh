#!/usr/bin/env bash
# How run time grows with the number of streams: one random stream of 1M requests against
# 2,000 and 10,000 random streams of 100 requests each (all starting at time 0, 100 GB/s in
# total), on the HBM3E 9.6 Gb/s preset. Prints each run's wall time and its ratio to the
# single stream's.
#   bench/streams_scaling.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=bench/out
mkdir -p "$out"
memspec=$(pwd)/scenarios/memspec/hbm3e_9600_8h.yaml
write_scenario() {  # file streams requests_each
  {
    printf 'name: %s_streams\nmemspec: %s\ntraffic:\n  streams:\n' "$2" "$memspec"
    awk -v n="$2" -v r="$3" 'BEGIN { for (i = 0; i < n; i++)
      printf "    - {name: s%d, kind: random, read_percent: 70, rate_gbps: %g, requests: %d, region_gib: [0, 23]}\n", i, 100 / n, r }'
  } > "$1"
}
write_scenario "$out/streams_1.yaml" 1 1000000
write_scenario "$out/streams_2000.yaml" 2000 100
write_scenario "$out/streams_10000.yaml" 10000 100
base=""
printf '%-10s %12s %8s %9s\n' streams requests wall_s x_one
for n in 1 2000 10000; do
  wall=$( { /usr/bin/time -f '%e' "$build/aimc" run "$out/streams_$n.yaml" -q --no-progress; } 2>&1 | tail -n 1)
  [ -n "$base" ] || base=$wall
  requests=$((n == 1 ? 1000000 : n * 100))
  awk -v n="$n" -v r="$requests" -v w="$wall" -v b="$base" 'BEGIN { printf "%-10s %12d %8.2f %9.2f\n", n, r, w, w / b }'
done
