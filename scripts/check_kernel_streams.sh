#!/usr/bin/env bash
# check_kernel_streams.sh [REV]: the MSDA kernels (kernels/msda_fwd.asm, kernels/msda_bwd.asm)
# of the working tree assemble to the same instruction streams as at git revision REV (default
# HEAD), for every combination of their -D switches below.
#
# For a refactoring of the kernel sources (macros moved into an include, comments, layout): each
# combination is assembled from REV's kernels/ (`git archive`, into a scratch directory) and from
# the working tree's, both are disassembled with `vasm -d`, and the texts are compared without the
# debug information (`.file`, `.loc`, comments): parameters, buffers (sizes, alignments, offsets),
# instructions and operands must be identical. A combination the kernel rejects (`.error`, UB
# overflow, ...) must be rejected before and after with the same messages (locations aside).
# Prints one line per combination; exits 1 on any difference, 2 on a usage or set-up problem.
#
# vasm: $VASM if set, else the first of .build/{debug,release}/vasm, .build-*/{debug,release}/vasm
# that exists (build it first: `swift build --product vasm`).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REV="${1:-HEAD}"
if [[ $# -gt 1 || "$REV" == -h || "$REV" == --help ]]; then
    echo "usage: $0 [REV]   (compare the working tree's MSDA kernels with REV's; default HEAD)" >&2
    exit 2
fi

VASM="${VASM:-}"
if [[ -z "$VASM" ]]; then
    for c in "$ROOT"/.build/debug/vasm "$ROOT"/.build/release/vasm "$ROOT"/.build-*/debug/vasm "$ROOT"/.build-*/release/vasm; do
        if [[ -x "$c" ]]; then VASM="$c"; break; fi
    done
fi
if [[ -z "$VASM" || ! -x "$VASM" ]]; then
    echo "no vasm binary: build it (swift build --product vasm) or set VASM=PATH" >&2
    exit 2
fi

if ! git -C "$ROOT" rev-parse --verify --quiet "$REV^{commit}" > /dev/null; then
    echo "not a git revision: $REV" >&2
    exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kernel-streams.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/before" "$WORK/after" "$WORK/out"
# REV's kernels/ (every include they may use), and a snapshot of the working tree's.
if ! git -C "$ROOT" archive "$REV" kernels | tar -x -C "$WORK/before"; then
    echo "cannot extract kernels/ of $REV" >&2
    exit 2
fi
cp -R "$ROOT/kernels" "$WORK/after/"

echo "vasm:   $VASM"
echo "before: $REV ($(git -C "$ROOT" rev-parse --short "$REV^{commit}")), after: the working tree"

# diagnostics KINDS: the diagnostics of those kinds on stdin, without their locations, with the
# expansion numbers of macro-generated labels (`.mla\@` -> `.mla11`) masked, sorted: an added
# or removed macro invocation renumbers every later expansion without changing any instruction.
diagnostics() {
    grep -E ": ($1): " | sed -E -e 's/^.*: (error|warning): /\1: /' -e "s/label '([^']*[^0-9'])[0-9]+'/label '\1<n>'/g" | sort
}

# normalise SIDE KERNEL DEFINES...: assembles, writes $WORK/out/SIDE.txt (the disassembly without
# debug information, or the sorted diagnostics without their locations), prints "ok" or "rejected".
normalise() {
    local side="$1" kernel="$2"
    shift 2
    local defs=()
    local d
    for d in "$@"; do defs+=(-D "$d"); done
    local bin="$WORK/out/$side.vbin" txt="$WORK/out/$side.txt" err="$WORK/out/$side.err"
    rm -f "$bin"
    if "$VASM" "$WORK/$side/kernels/$kernel" -o "$bin" "${defs[@]}" 2> "$err"; then
        if ! "$VASM" -d "$bin" > "$txt.raw" 2>> "$err"; then
            echo "disassembly-failed"
            return
        fi
        grep -v -e '^\.file ' -e '^\.loc ' -e '^[[:space:]]*;' "$txt.raw" > "$txt"
        # warnings count too (an unused buffer or label would be a change)
        diagnostics warning < "$err" >> "$txt"
        echo "ok"
    else
        diagnostics 'error|warning' < "$err" > "$txt"
        echo "rejected"
    fi
}

combos=0
assembled=0
rejected=0
failures=0

# check KERNEL DEFINES...
check() {
    local kernel="$1"
    shift
    combos=$((combos + 1))
    local label="${kernel%.asm} $*"
    [[ $# -eq 0 ]] && label="${kernel%.asm} (no -D: the defaults)"
    local a b
    b="$(normalise before "$kernel" "$@")"
    a="$(normalise after "$kernel" "$@")"
    if [[ "$b" == "ok" && "$a" == "ok" ]] && cmp -s "$WORK/out/before.txt" "$WORK/out/after.txt"; then
        assembled=$((assembled + 1))
        printf 'same      %s  (%d instructions)\n' "$label" "$(grep -c '^[[:space:]]' "$WORK/out/after.txt")"
    elif [[ "$b" == "rejected" && "$a" == "rejected" ]] && cmp -s "$WORK/out/before.txt" "$WORK/out/after.txt"; then
        rejected=$((rejected + 1))
        printf 'rejected  %s  (both: %s)\n' "$label" "$(head -n 1 "$WORK/out/after.txt" | cut -c 1-100)"
    else
        failures=$((failures + 1))
        printf 'DIFFERENT %s  (before: %s, after: %s)\n' "$label" "$b" "$a"
        diff -u "$WORK/out/before.txt" "$WORK/out/after.txt" | head -n 40 | sed 's/^/    /'
    fi
}

# --- forward: kernels/msda_fwd.asm (Sources/MSDA/LayoutForward.swift sets every switch) --------
check msda_fwd.asm
# shapes (QB NP DMAX UB): the defaults, the smallest, wide ones, other UB sizes (all fit the UB)
FWD_SHAPES=("64 4 32 196608" "16 1 8 196608" "32 8 64 196608" "48 3 16 131072" "128 2 96 262144")
for shape in "${FWD_SHAPES[@]}"; do
    read -r qb np dmax ub <<< "$shape"
    for f16 in 0 1; do for fused in 0 1; do for padfix in 0 1; do for train in 0 1; do
    for prune in 0 1; do for bilin3 in 0 1; do for nbuf in 1 2; do
        check msda_fwd.asm F16=$f16 FUSED=$fused PADFIX=$padfix TRAIN=$train PRUNE=$prune \
            BILIN3=$bilin3 NBUF=$nbuf QB=$qb NP=$np DMAX=$dmax UB=$ub
    done; done; done; done; done; done; done
done
# values the kernel must reject
for bad in PADFIX=2 NBUF=3 QB=8 QB=24 NP=0 NP=9 DMAX=4 DMAX=12 DMAX=264 "QB=256 DMAX=256"; do
    # shellcheck disable=SC2086
    check msda_fwd.asm F16=1 FUSED=1 $bad
done

# --- backward: kernels/msda_bwd.asm (Sources/MSDA/LayoutBackward.swift) ------------------------
check msda_bwd.asm
# shapes (QB NP DMAX UB): the defaults, the smallest, wide ones, other UB sizes (all fit the UB)
BWD_SHAPES=("16 4 32 196608" "32 1 8 196608" "16 8 64 196608" "32 2 64 196608" "16 3 128 262144")
for shape in "${BWD_SHAPES[@]}"; do
    read -r qb np dmax ub <<< "$shape"
    for f16 in 0 1; do for gather in 0 1; do for fused in 0 1; do for nbuf in 1 2; do
    for sfuse in 0 1; do for stagger in 0 1; do
        check msda_bwd.asm F16=$f16 GATHER=$gather FUSED=$fused NBUF=$nbuf SFUSE=$sfuse \
            STAGGER=$stagger QB=$qb NP=$np DMAX=$dmax UB=$ub
    done; done; done; done; done; done
done
for bad in NBUF=0 QB=8 NP=9 DMAX=4 "QB=128 DMAX=256"; do
    # shellcheck disable=SC2086
    check msda_bwd.asm F16=1 GATHER=1 FUSED=1 $bad
done

echo "$combos combinations: $assembled identical instruction streams, $rejected rejected identically, $failures different"
if [[ $failures -ne 0 || $assembled -eq 0 ]]; then
    exit 1
fi
exit 0
