#!/usr/bin/env bash
# Builds one libFuzzer target and runs it for a while (docs/Robustness.md).
#
#     scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#     TARGET: assembler | bytecode | npy | interpreter
#
# The package's modules are compiled with `swiftc -sanitize=fuzzer,address` (coverage and ASan,
# -O with overflow and bounds traps kept) into objects under $FUZZ_BUILD (default .build-fuzz),
# then linked with Fuzz/Fuzz<Target>.swift. The corpus lives in Fuzz/corpus/TARGET (seeded from
# the test corpus and kernels/ on first use); crashes, timeouts and out-of-memory inputs go to
# Fuzz/findings/TARGET/. Each finding must become a case of Tests/HostileInputTests/Corpus.
set -euo pipefail
if [ $# -lt 2 ]; then
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
fi
TARGET=$1
SECS=$2
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
case "$TARGET" in
    assembler)   MODULES="ISA Assembler";   SOURCE=FuzzAssembler.swift;   MAXLEN=4096 ;;
    bytecode)    MODULES="ISA Assembler";   SOURCE=FuzzBytecode.swift;    MAXLEN=4096 ;;
    npy)         MODULES="NPY";             SOURCE=FuzzNPY.swift;         MAXLEN=4096 ;;
    interpreter) MODULES="ISA Interpreter"; SOURCE=FuzzInterpreter.swift; MAXLEN=400 ;;
    *) echo "fuzz.sh: unknown target '$TARGET' (assembler, bytecode, npy, interpreter)" >&2; exit 64 ;;
esac
mkdir -p "$BUILD"
# -package-name: what SwiftPM passes, so that `package` declarations compile as in the package.
FLAGS=(-O -g -parse-as-library -sanitize=fuzzer,address -package-name vectorcoretoolchain -I "$BUILD")

# 1. The modules, each one object and one .swiftmodule, rebuilt when a source is newer.
OBJECTS=()
for M in $MODULES; do
    OBJ="$BUILD/$M.o"
    if [ ! -f "$OBJ" ] || [ -n "$(find "$ROOT/Sources/$M" -name '*.swift' -newer "$OBJ" | head -1)" ]; then
        echo "fuzz.sh: compiling module $M" >&2
        # shellcheck disable=SC2046
        "$SWIFTC" "${FLAGS[@]}" -c -wmo -module-name "$M" -emit-module -emit-module-path "$BUILD/$M.swiftmodule" \
            $(find "$ROOT/Sources/$M" -name '*.swift' | sort) -o "$OBJ"
    fi
    OBJECTS+=("$OBJ")
done

# 2. The target.
EXE="$BUILD/fuzz-$TARGET"
if [ ! -f "$EXE" ] || [ "$ROOT/Fuzz/$SOURCE" -nt "$EXE" ] || [ -n "$(find "${OBJECTS[@]}" -newer "$EXE")" ]; then
    echo "fuzz.sh: linking $EXE" >&2
    "$SWIFTC" "${FLAGS[@]}" -module-name "Fuzz_$TARGET" "$ROOT/Fuzz/$SOURCE" "${OBJECTS[@]}" -o "$EXE"
fi

# 3. The corpus, seeded once.
CORPUS="$ROOT/Fuzz/corpus/$TARGET"
FINDINGS="$ROOT/Fuzz/findings/$TARGET"
mkdir -p "$CORPUS" "$FINDINGS"
if [ -z "$(ls -A "$CORPUS")" ]; then
    TESTS="$ROOT/Tests/HostileInputTests/Corpus"
    case "$TARGET" in
        assembler)
            # Not the expansion bomb: it takes seconds by design (docs/Robustness.md, findings).
            find "$TESTS/asm-text" "$TESTS/asm-invalid" "$TESTS/runtime" "$ROOT/kernels" -name '*.asm' -size -4k \
                ! -name 'macro_expansion_bomb.asm' -exec cp {} "$CORPUS/" \; ;;
        bytecode)
            find "$TESTS/bytecode" -name '*.vbin' -exec cp {} "$CORPUS/" \;
            # Valid files too: every example kernel, assembled (vasm from this checkout, if built).
            VASM=$(ls "$ROOT"/.build*/debug/vasm 2>/dev/null | head -1 || true)
            if [ -n "$VASM" ]; then
                for k in "$ROOT"/kernels/examples/*.asm "$ROOT"/kernels/bench/*.asm; do
                    "$VASM" "$k" -o "$CORPUS/$(basename "$k" .asm).vbin" >/dev/null 2>&1 || true
                done
            fi ;;
        npy)
            find "$TESTS/npy" "$TESTS/tensors" "$ROOT/Tests" -name '*.npy' -size -4k -exec cp {} "$CORPUS/" \; 2>/dev/null || true ;;
        interpreter)
            for i in $(seq 1 32); do head -c 200 /dev/urandom > "$CORPUS/seed$i"; done ;;
    esac
fi

# 4. The run: -timeout catches hangs (seconds per input), -rss_limit_mb runaway allocations.
# Fork mode (one worker) keeps going after a finding, so a timed run collects all of them in
# $FINDINGS (crash-*, timeout-*, oom-*); FUZZ_FORK=0 stops at the first one instead.
echo "fuzz.sh: running $TARGET for $SECS s (corpus $(ls "$CORPUS" | wc -l) files)" >&2
MODE=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
[ "${FUZZ_FORK:-1}" = 0 ] && MODE=(-print_final_stats=1)
exec "$EXE" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=3072 -max_len="$MAXLEN" "${MODE[@]}" \
    -artifact_prefix="$FINDINGS/" "$@" "$CORPUS"
