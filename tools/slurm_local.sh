#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying `aimc sweep --slurm` and for its test:
# munged, slurmctld and slurmd on localhost, everything (key, state, logs, sockets) in one
# folder, no cgroups, no root needed (the daemons run as the calling user).
#   tools/slurm_local.sh start DIR   prints the line to export: SLURM_CONF=DIR/slurm.conf
#   tools/slurm_local.sh stop DIR
# Needs Debian's slurm-wlm and munge packages (tools/install-deps.sh installs them).
set -euo pipefail
action=${1:?usage: tools/slurm_local.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: tools/slurm_local.sh start|stop DIR}" && cd "$2" && pwd)

# Stops each daemon and waits for it to exit (slurmctld saves its state first), then kills what
# is left after 10 s.
stop() {
  for pidfile in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$dir/$pidfile" ] || continue
    pid=$(cat "$dir/$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$pidfile"
  done
}

if [ "$action" = stop ]; then
  stop
  exit 0
fi
[ "$action" = start ] || { echo "usage: tools/slurm_local.sh start|stop DIR" >&2; exit 2; }
for tool in munged mungekey slurmctld slurmd sbatch sinfo; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null || { echo "error: $tool not found: install slurm-wlm and munge (tools/install-deps.sh)" >&2; exit 2; }
done
user=$(id -un)
host=$(hostname -s)
# Ports of this cluster only, so that two test runs on one machine do not meet.
port=$(( 20000 + ($$ % 20000) ))
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 700 "$dir/munge"
[ -f "$dir/munge/munge.key" ] || mungekey --create --keyfile="$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munged.log" --seed-file="$dir/munge/seed"
cat > "$dir/slurm.conf" <<CONF
ClusterName=aimc-local
SlurmctldHost=$host
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
# Up when the node takes jobs.
for _ in $(seq 1 60); do
  if sinfo --noheader --format=%t 2>/dev/null | grep -q -E '^(idle|mix|alloc)'; then
    echo "export SLURM_CONF=$SLURM_CONF"
    exit 0
  fi
  sleep 0.5
done
echo "error: the local Slurm node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
stop
exit 1
