#!/usr/bin/env bash
# Speed of the controller core: requests per wall-second on the 1M uniform-random 70/30 trace and
# the 1M sequential-read trace (saturating: every request offered at time 0), median of 3 runs.
#   bench/core_speed.sh [BUILD_DIR] [OTHER_BUILD_DIR]
# With OTHER_BUILD_DIR (an older build, say), both builds run in turn on each trace and the ratio
# BUILD / OTHER is printed: on a shared machine a ratio of paired runs is the figure to trust.
# Targets: 1.0M requests/s on random, 2.0M on sequential.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
other=${2:-}
memspec=scenarios/memspec/hbm3e_9600_8h.yaml
out=bench/out
mkdir -p "$out"
[ -f "$out/random_70r_1m.trace" ] ||
  "$build/aimc" gen-trace --pattern random --requests 1000000 --read-percent 70 --seed 3 \
    --memspec "$memspec" --out "$out/random_70r_1m.trace"
[ -f "$out/seq_read_1m.trace" ] ||
  "$build/aimc" gen-trace --pattern seq --requests 1000000 --memspec "$memspec" --out "$out/seq_read_1m.trace"

# Median requests per wall-second of 3 runs of one build on one trace (the stats' own wall time,
# which leaves out reading the memspec and writing the stats).
median_rate() {
  local dir=$1 trace=$2 stats
  stats=$(mktemp)
  for _ in 1 2 3; do
    "$dir/aimc" run --memspec "$memspec" --trace "$out/$trace.trace" --stats "$stats" --quiet --no-progress
    /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests_per_wall_s"])' "$stats"
  done | sort -g | sed -n 2p
  rm -f "$stats"
}

if [ -z "$other" ]; then
  printf '%-16s %12s %8s\n' trace Mreq/wall_s target
else
  printf '%-16s %12s %12s %7s %8s\n' trace Mreq/wall_s other_Mreq ratio target
fi
for trace in random_70r_1m seq_read_1m; do
  target=1.0
  [ "$trace" = seq_read_1m ] && target=2.0
  rate=$(median_rate "$build" "$trace")
  if [ -z "$other" ]; then
    /usr/bin/python3 -c 'import sys; print(f"{sys.argv[1]:<16} {float(sys.argv[2])/1e6:12.2f} {sys.argv[3]:>8}")' \
      "$trace" "$rate" "$target"
  else
    other_rate=$(median_rate "$other" "$trace")
    /usr/bin/python3 -c 'import sys; a, b = float(sys.argv[2]), float(sys.argv[3]); print(f"{sys.argv[1]:<16} {a/1e6:12.2f} {b/1e6:12.2f} {a/b:6.2f}x {sys.argv[4]:>8}")' \
      "$trace" "$rate" "$other_rate" "$target"
  fi
done
