# shellcheck shell=bash disable=SC2034  # sourced: its variables are the caller's
# Shared setup of the lt benches (sourced; $1 is the build directory, default build/): the
# repository root as the working directory, `build`, a scratch directory `out` removed on exit,
# and `scenarios`, the shipped scenarios whose decode runs closed loop (its answers set when
# its next requests go), on which the loosely-timed mode's error is measured.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
scenarios=(llm/llama3_8b_decode llm/llama3_70b_decode tenants/mixed_tenants default
           accelerator/llama3_8b_decode_6stack accelerator/llama3_70b_decode_8stack)
