#!/usr/bin/env bash
# Runs every shipped scenario under every policy, refresh mode and page policy at full length
# with --check (the independent protocol checker and the data scoreboard) and prints one line
# per run plus how many runs broke the protocol. Exit 1 when any run did.
#   tools/protocol_sweep.sh [--aimc PATH] [--jobs N] [--memspec FILE] [-- extra aimc run options]
set -euo pipefail
cd "$(dirname "$0")/.."
aimc=build/aimc
jobs=$(nproc)
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --aimc) aimc=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --memspec) extra+=(--memspec "$2"); shift 2 ;;
    --) shift; extra+=("$@"); break ;;
    *) echo "usage: $0 [--aimc PATH] [--jobs N] [--memspec FILE] [-- aimc run options]" >&2; exit 2 ;;
  esac
done
[ -x "$aimc" ] || { echo "$0: $aimc not built (cmake --build build --target aimc)" >&2; exit 2; }

scenarios=$(find scenarios -name '*.yaml' -not -path '*/memspec/*' | sort)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for s in $scenarios; do
  for policy in fcfs fr_fcfs ai_aware; do
    for refresh in all_bank per_bank; do
      for page in open closed; do
        n=$((n + 1))
        printf '%s %s %s %s %s\n' "$n" "$s" "$policy" "$refresh" "$page"
      done
    done
  done
done > "$out/runs"

run_one() {  # n scenario policy refresh page
  local log="$out/$1.log"
  "$aimc" run "$2" --policy "$3" --refresh "$4" --page-policy "$5" --check -q "${extra[@]}" > "$log" 2>&1 || true
  local summary
  summary=$(grep -m1 '^protocol check:' "$log" || echo "protocol check: did not run: $(grep -m1 '^error' "$log")")
  printf '%-44s %-8s %-8s %-6s %s\n' "$2" "$3" "$4" "$5" "${summary#protocol check: }" > "$out/$1.line"
}
export -f run_one
export aimc out
export extra_str="${extra[*]:-}"
# shellcheck disable=SC2016
xargs -P "$jobs" -L 1 bash -c 'extra=($extra_str); run_one "$@"' _ < "$out/runs"

broken=0
not_run=0
for i in $(seq 1 "$n"); do
  cat "$out/$i.line"
  if grep -q 'did not run' "$out/$i.line"; then
    not_run=$((not_run + 1))
  elif ! grep -q ', 0 violations$' "$out/$i.line"; then
    broken=$((broken + 1))
  fi
done
echo "$broken of $n runs break the protocol; $not_run did not run"
[ "$broken" -eq 0 ] && [ "$not_run" -eq 0 ]
