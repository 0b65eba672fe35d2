#!/usr/bin/env bash
# `aimc sweep --slurm` on a single-node Slurm cluster started for this test (tools/slurm_local.sh)
# against the same sweep run here: the merged tables are equal, cell for cell, but for the
# wall-time column. Needs slurm-wlm and munge (tools/install-deps.sh).
#   tests/cluster/slurm_sweep_test.sh AIMC_BINARY SOURCE_DIR
set -euo pipefail
aimc=$1
src=$2
sweep=$src/sweeps/decode_policy_rate.yaml
work=$(mktemp -d)
trap '"$src/tools/slurm_local.sh" stop "$work/slurm"; rm -rf "$work"' EXIT
eval "$("$src/tools/slurm_local.sh" start "$work/slurm")"

"$aimc" sweep "$sweep" -o "$work/here" -q
"$aimc" sweep collect "$work/here" -q

"$aimc" sweep "$sweep" -o "$work/cluster" --slurm
job_done=no
for _ in $(seq 1 600); do
  if [ -z "$(squeue --noheader --name=aimc-decode_policy_rate)" ]; then
    job_done=yes
    break
  fi
  sleep 0.2
done
[ "$job_done" = yes ] || { echo "FAIL: the Slurm job did not finish in 120 s"; squeue; exit 1; }
"$aimc" sweep collect "$work/cluster" -q

without_wall_time() { sed 's/,[^,]*$//' "$1"; }
rows=$(($(wc -l < "$work/cluster/results.csv") - 1))
done_rows=$(grep -c ',done,' "$work/cluster/results.csv" || true)
if [ "$rows" -ne 6 ] || [ "$done_rows" -ne 6 ]; then
  echo "FAIL: expected 6 finished points from the Slurm run, got $done_rows of $rows"
  cat "$work/cluster/results.md"
  cat "$work"/cluster/slurm/task-*.out 2>/dev/null | head -n 20
  exit 1
fi
if ! diff <(without_wall_time "$work/here/results.csv") <(without_wall_time "$work/cluster/results.csv"); then
  echo "FAIL: the Slurm run's table differs from the local run's"
  exit 1
fi
echo "PASS: 6 points through a Slurm job array, table equal to the local run's"
