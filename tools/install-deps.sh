#!/usr/bin/env bash
# Installs the Debian 12 packages aimc builds and tests with. Runs as root or through sudo.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev verilator
  libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev zlib1g-dev python3
  time  # /usr/bin/time: peak RSS in bench/run.sh
  slurm-wlm munge  # a single-node Slurm cluster for the sweep test (tools/slurm_local.sh)
  python3-matplotlib python3-pytest  # aimc report (tools/report) and its tests
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
