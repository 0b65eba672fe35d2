#!/usr/bin/env bash
# How run time grows with the number of streams: one random stream of 1M requests against
# 2,000 and 10,000 random streams of 100 requests each, 100 GB/s in total, on the HBM3E 9.6 Gb/s
# preset. "phased": each stream starts at its own offset within one request period, so the
# stack sees the single stream's load; "at t=0": every stream starts at time 0, so requests
# come in bursts of one per stream that fill every queue (the controller's own cost grows with
# its queue depth there). Prints each run's wall time and its ratio to the single stream's.
#   bench/streams_scaling.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=bench/out
mkdir -p "$out"
memspec=$(pwd)/scenarios/memspec/hbm3e_9600_8h.yaml
write_scenario() {  # file streams requests_each phased(0|1)
  {
    printf 'name: %s_streams\nmemspec: %s\ntraffic:\n  streams:\n' "$2" "$memspec"
    # One 64 B request per stream every 64 / (100 / n) ns; phased streams start i / n of it apart.
    awk -v n="$2" -v r="$3" -v phased="$4" 'BEGIN { period = 64 / (100 / n); for (i = 0; i < n; i++)
      printf "    - {name: s%d, kind: random, read_percent: 70, rate_gbps: %g, requests: %d, start_ns: %g, region_gib: [0, 23]}\n",
             i, 100 / n, r, phased ? i * period / n : 0 }'
  } > "$1"
}
write_scenario "$out/streams_1.yaml" 1 1000000 0
write_scenario "$out/streams_2000.yaml" 2000 100 0
write_scenario "$out/streams_10000.yaml" 10000 100 0
write_scenario "$out/streams_2000_phased.yaml" 2000 100 1
write_scenario "$out/streams_10000_phased.yaml" 10000 100 1
base=""
printf '%-10s %-8s %12s %8s %9s\n' streams start requests wall_s x_one
for run in 1 2000_phased 10000_phased 2000 10000; do
  n=${run%_phased}
  start=$([[ $run == *_phased ]] && echo phased || echo "at t=0")
  wall=$( { /usr/bin/time -f '%e' "$build/aimc" run "$out/streams_$run.yaml" -q --no-progress; } 2>&1 | tail -n 1)
  [ -n "$base" ] || base=$wall
  requests=$((n == 1 ? 1000000 : n * 100))
  awk -v n="$n" -v s="$start" -v r="$requests" -v w="$wall" -v b="$base" \
    'BEGIN { printf "%-10s %-8s %12d %8.2f %9.2f\n", n, s, r, w, w / b }'
done
