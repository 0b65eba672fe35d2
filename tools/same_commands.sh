#!/usr/bin/env bash
# Checks that two builds of aimc issue the same DRAM commands, cycle for cycle, on every shipped
# scenario under every policy and both refresh modes, at full length. Use it after a change that
# must not change behaviour (a speed-up of the core, say):
#   tools/same_commands.sh OLD_BUILD_DIR NEW_BUILD_DIR
# Build the old one from a second checkout: git worktree add /tmp/old HEAD~1, then configure and
# build it with -DAIMC_BUILD_RTL=OFF. Prints one line per run and exits 1 on the first mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: tools/same_commands.sh OLD_BUILD_DIR NEW_BUILD_DIR}
new=${2:?usage: tools/same_commands.sh OLD_BUILD_DIR NEW_BUILD_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
for scenario in $(find scenarios -name '*.yaml' -not -path '*/memspec/*' | sort); do
  for policy in fcfs fr_fcfs ai_aware; do
    for refresh in all_bank per_bank; do
      for build in old new; do
        dir=$old
        [ "$build" = new ] && dir=$new
        "$dir/aimc" run "$scenario" --policy "$policy" --refresh "$refresh" --quiet --no-progress \
          --cmd-trace "$work/$build.csv"
      done
      if cmp -s "$work/old.csv" "$work/new.csv"; then
        printf 'same      %-45s %-9s %-9s %9d commands\n' "$scenario" "$policy" "$refresh" "$(wc -l < "$work/new.csv")"
      else
        printf 'DIFFERENT %-45s %-9s %-9s\n' "$scenario" "$policy" "$refresh"
        diff "$work/old.csv" "$work/new.csv" | head -n 5
        status=1
        break 3
      fi
    done
  done
done
exit "$status"
