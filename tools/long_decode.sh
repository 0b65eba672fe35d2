#!/usr/bin/env bash
# Runs the decode scenarios for many token steps instead of the library's 8, with their
# background tenants running the whole time, to see whether a policy's gain holds once the run
# is much longer than ai_aware's age limit (docs/results.md, "Long runs").
#
#   tools/long_decode.sh [--steps N] [--duration-ns NS] [compare-policies options...]
#   e.g. tools/long_decode.sh --steps 40 --policies fr_fcfs ai_aware --seeds 5
#
# The variants are the shipped files with `steps: 8` and the tenants' `duration_ns: N` lines
# replaced, written to a temporary folder beside a link to scenarios/memspec so that their
# `memspec: ../memspec/...` lines still resolve; nothing else changes. Scale --duration-ns with
# --steps (a step takes 2.3-9 us, docs/results.md "Long runs"), or the tenants stop before the
# decode and the later steps run without background traffic.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
aimc="${AIMC:-$root/build/aimc}"
steps=40
duration_ns=400000
args=()
count_value() {  # option, its value (maybe missing): prints the value if a positive whole number
  [[ "${2-}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $1 wants a positive whole number, got '${2-}'" >&2; exit 2; }
  echo "$2"
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$(count_value "$@")"; shift 2 ;;
    --duration-ns) duration_ns="$(count_value "$@")"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -x "$aimc" ]] || { echo "error: $aimc not built (cmake --build build)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/scenarios/memspec" "$tmp/memspec"
mkdir "$tmp/long"
files=()
for f in llm/llama3_8b_decode llm/llama3_70b_decode tenants/mixed_tenants; do
  src="$root/scenarios/$f.yaml"
  for line in '      steps: 8' '      duration_ns: [0-9]+'; do
    grep -qxE "$line" "$src" || { echo "error: $src: no '${line#"${line%%[! ]*}"}' line to replace" >&2; exit 2; }
  done
  out="$tmp/long/$(basename "$f").yaml"
  sed -e "s/^      steps: 8$/      steps: $steps/" \
      -E -e "s/^      duration_ns: [0-9]+$/      duration_ns: $duration_ns/" "$src" > "$out"
  files+=("$out")
done
"$aimc" compare-policies "${files[@]}" "${args[@]+"${args[@]}"}"
