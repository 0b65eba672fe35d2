#!/usr/bin/env bash
# What an integrator does: install aimc from a build tree into a fresh prefix, build the example
# virtual platform against the installed CMake package (find_package(aimc), aimc::tlm), and run
# both of its variants. Used by the test suite; exits non-zero on any failure.
#   tools/check_embedding.sh BUILD_DIR [WORK_DIR]
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-$(mktemp -d)}
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/examples/virtual_platform" -B "$work/vp" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >/dev/null
cmake --build "$work/vp" >/dev/null
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
for variant in lt at; do
  out=$("$work/vp/virtual_platform" "$variant")
  echo "$out"
  grep -q '^cpu read-back mismatches 0$' <<<"$out"
done
