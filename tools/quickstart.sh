#!/usr/bin/env bash
# The README's two quick-start commands:
#   tools/quickstart.sh run   installs, builds, plays the default scenario under FR-FCFS and ai_aware
#   tools/quickstart.sh test  installs, builds and runs every test with ctest
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
bash tools/install-deps.sh
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -G Ninja -DAIMC_WERROR=$werror >/dev/null
case "$mode" in
  run)  cmake --build build -j "$(nproc)" --target aimc
        ./build/aimc compare-policies scenarios/default.yaml --policies fr_fcfs ai_aware --sampling-check ;;
  test) cmake --build build -j "$(nproc)"
        ctest --test-dir build --output-on-failure -j "$(nproc)" ;;
  *)    echo "usage: $0 run|test" >&2; exit 2 ;;
esac
