#!/usr/bin/env bash
# Runs the decode scenarios for many token steps instead of the library's 8, with their
# background tenants running the whole time, to see whether a policy's gain holds once the run
# is much longer than ai_aware's age limit (docs/results.md, "Long runs").
#
#   tools/long_decode.sh [--steps N] [--duration-ns NS] [compare-policies options...]
#   e.g. tools/long_decode.sh --steps 40 --policies fr_fcfs ai_aware --seeds 5
#
# The variants are the shipped files with `steps: 8` and `duration_ns: 60000` replaced, written
# to a temporary folder; nothing else changes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
aimc="${AIMC:-$root/build/aimc}"
steps=40
duration_ns=400000
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --duration-ns) duration_ns="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -x "$aimc" ]] || { echo "error: $aimc not built (cmake --build build)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
files=()
for f in llm/llama3_8b_decode llm/llama3_70b_decode tenants/mixed_tenants; do
  src="$root/scenarios/$f.yaml"
  grep -q '^      steps: 8$' "$src" || { echo "error: $src: no 'steps: 8' to replace" >&2; exit 2; }
  out="$tmp/$(basename "$f").yaml"
  sed -e "s#^memspec: \.\./memspec/#memspec: $root/scenarios/memspec/#" \
      -e "s/^      steps: 8$/      steps: $steps/" \
      -e "s/^      duration_ns: 60000$/      duration_ns: $duration_ns/" "$src" > "$out"
  files+=("$out")
done
"$aimc" compare-policies "${files[@]}" "${args[@]}"
