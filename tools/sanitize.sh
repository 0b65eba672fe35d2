#!/usr/bin/env bash
# The sanitizer job: aimc without the RTL, built with AddressSanitizer and UndefinedBehaviorSanitizer
# (Debug, warnings as errors), and every test of that build run under them (docs/testing.md).
# Exits non-zero on a failed build, a failed test or any sanitizer report. ASan and LSan write
# their reports to files, and any file fails the job, also one from a program whose exit code no
# test looks at. UBSan cannot write to a file next to ASan (GCC's runtimes): its reports go to
# standard error, and it ends the program with exit code 86, which no test expects.
#   tools/sanitize.sh [BUILD_DIR [CTEST_ARGS...]]   (default build-asan; e.g. `build-asan -L unit`)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-asan}
shift $(($# > 0 ? 1 : 0))
jobs=$(nproc)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAIMC_BUILD_RTL=OFF \
  -DAIMC_SANITIZE=address,undefined -DAIMC_WERROR=ON >/dev/null

# Set for the build too: it runs the test programs to list their tests.
reports=$PWD/$build/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86"
# What is suppressed, and why: tools/sanitizers/lsan.supp.
# use_stacks=0: SystemC runs its processes on stacks of its own and switches to them without
# telling the sanitizers, so LSan takes one of those for the main thread's stack and reads its
# guard pages; on recent kernels that crashes LSan's tracer ("Tracer caught signal 11"). Thread
# stacks are then not searched for pointers, which can only report more leaks, never hide one.
export LSAN_OPTIONS="use_stacks=0:suppressions=$PWD/tools/sanitizers/lsan.supp:print_suppressions=0"

# Tests that throw an exception inside a SystemC thread never run here: a throw on one of
# SystemC's own stacks makes ASan lose track of the thread's stack ("ASan is ignoring requested
# __asan_handle_no_return", google/sanitizers issue 189), and the next throw on the main stack
# is reported as a stack-buffer-overflow that is not there. The normal build runs them.
throws_in_process='^ProcessErrors\.|^Cli\.AnInputErrorFoundMidRunUnderTheTlmTargetIsBadInput$'
args=()
excluded=0
while [ $# -gt 0 ]; do
  if [ "$1" = "-E" ] && [ $# -gt 1 ]; then
    args+=(-E "$2|$throws_in_process")
    excluded=1
    shift 2
  else
    args+=("$1")
    shift
  fi
done
[ "$excluded" -eq 1 ] || args+=(-E "$throws_in_process")

status=0
cmake --build "$build" -j "$jobs" || status=$?
if [ "$status" -eq 0 ]; then
  ctest --test-dir "$build" --output-on-failure -j "$jobs" "${args[@]}" || status=$?
fi
found=0
while IFS= read -r -d '' report; do
  echo "==== sanitizer report: $report"
  cat "$report"
  found=$((found + 1))
done < <(find "$reports" -type f -print0 | sort -z)
if [ "$found" -gt 0 ]; then
  echo "sanitize: $found sanitizer report(s), in $reports" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
