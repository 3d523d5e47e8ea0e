#!/usr/bin/env bash
# Runs the test suite under the sanitizers (docs/Robustness.md).
#
#     scripts/sanitizers.sh [tsan|asan|all]      (default: all, TSan first)
#
# tsan: `swift test --sanitize=thread` on the tests that run the interpreter on several host
#       threads (TSAN_FILTER overrides the filter), scratch path .build-tsan.
# asan: `swift test --sanitize=address` on the whole suite, scratch path .build-asan.
# JOBS (default 2) is passed to -j. The exit code is non-zero if any run failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WHICH=${1:-all}
JOBS=${JOBS:-2}
# The multi-threaded interpreter tests: thread-count determinism, runaway loops on all cores,
# the write-only parameters' atomic adds landing in core order from several threads, the replay
# overlapped with the functional phase,
# the runtime-error and GM race tests (2-core kernels on host threads), the hostile corpus
# (its runtime cases run with 2 host threads), the MSDA reference determinism test and the
# thread-count tests of the xMSDA forward and the baseline kernels. Not the command-level
# MsdaDeterminismTests (30 runs on detr: half an hour under TSan).
TSAN_FILTER=${TSAN_FILTER:-'KernelTests|WriteOnlyTests|OverlapTests|RunawayTests|RuntimeErrorTests|GMPipeRaceTests|testResultsDoNotDependOnHostThreads|MSDATests.DeterminismTests|testSameResultWithAnyHostThreadCount|testDeterministicAcrossHostThreads|HostileInputTests'}
status=0
# The hostile corpus's per-case time limits, scaled for the sanitizers' slowdown.
export HOSTILE_TIME_SCALE=${HOSTILE_TIME_SCALE:-10}
# LeakSanitizer reports only leaks of XCTest and Foundation themselves at exit (test case
# objects, Process, reading an empty file with FileManager): off unless ASAN_OPTIONS says otherwise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

run() {
    local name=$1; shift
    echo "== $name: $*" >&2
    local t0=$SECONDS
    "$@"
    local rc=$?
    echo "== $name: exit $rc after $((SECONDS - t0)) s" >&2
    [ $rc -eq 0 ] || status=1
}

case "$WHICH" in
    tsan|all) run tsan swift test -j "$JOBS" --scratch-path .build-tsan --sanitize=thread --filter "$TSAN_FILTER" ;;
esac
case "$WHICH" in
    asan|all) run asan swift test -j "$JOBS" --scratch-path .build-asan --sanitize=address ;;
esac
case "$WHICH" in
    tsan|asan|all) ;;
    *) echo "sanitizers.sh: unknown mode '$WHICH' (tsan, asan, all)" >&2; exit 64 ;;
esac
exit $status
