; vendor/msda_fwd.asm: multi-scale deformable attention, forward, vendor style: one DMA per
; sample row (kernel-strategies.md, design 2; the structure of the open-source Ascend operator).
;
; Design and host layout: docs/MSDA-vendor.md; driver: Sources/MSDA/VendorForward.swift
; (`MSDAVendor.forward`). Tensors stay in PyTorch layout: value [bs, S, M, D] (plus one spare
; zero pixel at the end), sampling_locations [bs, Q, M, L, P, 2], attention_weights
; [bs, Q, M, L, P], output [bs, Q, M * D]. Units are (batch, block of QB queries), dealt to
; the cores in turn. Per unit:
;   1. MTE2 copies the block's locations and weights in (one copy each);
;   2. V computes, for all samples of the block at once, validity, floor indices, bilinear
;      weights and the GM byte offsets of the pixel pairs to copy (msda_common.inc PREP_*);
;      this runs one unit ahead, so the scalar unit never waits for it while copies are queued;
;   3. per (query, head) group the scalar unit reads each sample's offsets from UB and issues
;      one copy per row in the map (two pixels' D channels, PIXGAP apart) into a double-
;      buffered corner buffer; V broadcasts the packed weights over the channels, multiplies
;      and sums the 4 * L * P rows into the group's output row;
;   4. MTE3 writes the block's output rows (one copy).
; Flags. V->MTE2: 0/1 corner buffer free, 2 inputs consumed. MTE2->V: 0/1 corners in,
; 2 inputs in, 3 pattern table in. V->S: 0 the next unit's offsets are ready.
; V->MTE3: 0 output ready. MTE3->V: 0 output written. S->V: 0/1 the scalar unit has read
; offset set 0/1 (the preparation two units later may overwrite it).

.include "msda_common.inc"

.if F16
.param value, gm.f16
.param loc, gm.f16
.param attn, gm.f16
.param out, gm.f16
.else
.param value, gm.f32
.param loc, gm.f32
.param attn, gm.f32
.param out, gm.f32
.endif
.param pat, gm.i32              ; [NPAT, N] per-lane pattern (msda_common.inc)
.param bs, i64
.param nqueries, i64            ; Q
.param keys, i64                ; S

; ---------------------------------------------------------------------------------------------
; UB buffers
.buffer PAT, NPAT * N * 4
        PATTERN_ROWS
.buffer INL, N * 2 * ES         ; locations, group g at g * 2 * LPP * ES
.buffer INA, N * ES             ; attention weights, group g at g * LPP * ES
.buffer PXO, N * 4              ; byte offsets of x, y in INL
.buffer PYO, N * 4
.if F16
.buffer XH, N * 2
.buffer YH, N * 2
.endif
.buffer X, N * 4                ; x -> w -> lw
.buffer Y, N * 4                ; y -> h
.buffer A, N * 4
.buffer H0, N * 4
.buffer W0, N * 4
.buffer HI, N * 4
.buffer WI, N * 4
.buffer CS, N * 4
.buffer DX, N * 4
.buffer HH, N * 4
.buffer LH, N * 4
.buffer HW, N * 4
.equ LW, X
.buffer LEFT, N * 4
.buffer RIGHT, N * 4
.buffer TT, N * 4
.buffer TB, N * 4
.buffer R1, N * 4
.buffer R2, N * 4
.buffer MV, MASKN
.buffer MS, MASKN
.buffer MT, MASKN
.buffer MB, MASKN
.buffer MX0, MASKN
.buffer MXM, MASKN
.buffer MXP, MASKN
.buffer MR, MASKN
.buffer ODD4, MASK4
.buffer HI4, MASK4
.buffer BA, N4 * 4
.buffer BB, N4 * 4
.buffer ROW4, N4 * 4
; per unit, double-buffered (unit parity): packed offsets and weights
.buffer O10, N * 4
.buffer O20, N * 4              ; must follow O10 (the scalar reads O2 at O1 + N * 4)
.buffer WG0, N4 * 4
.buffer O11, N * 4
.buffer O21, N * 4
.buffer WG1, N4 * 4
; per group
.buffer VB0, K * DP * ES        ; corners: (first row left, right, second row left, right) x LP
.buffer VB1, K * DP * ES
.if F16
.buffer CF, K * DP * 4          ; corners widened
.endif
.buffer WBC, K * DP * 4         ; weights broadcast, then the weighted corners
.buffer OUT, G * CH * 4         ; the block's output rows [QB, M, D] f32
.if F16
.buffer OUTH, G * CH * 2
.equ OUTSRC, OUTH
.else
.equ OUTSRC, OUT
.endif
.if O20 != O10 + N * 4 || O21 != O11 + N * 4
.error "O2 must follow O1"
.endif

; ---------------------------------------------------------------------------------------------
; One unit's preparation into set \k (O1\k, O2\k, WG\k).
.macro PREP k
        wait_flag MTE2, V, 2
        wait_flag S, V, \k               ; the scalar unit has read set \k's offsets (two units ago)
        PREP_SAMPLES
        set_flag V, MTE2, 2             ; inputs consumed
        PREP_GEOMETRY O1\k, O2\k
        vmul.f32 HH, HH, A, N           ; a * hh
        vmul.f32 LH, LH, A, N           ; a * lh
        ROWCOL WG\k, HH, LH, LEFT, RIGHT
.endm

; One group with corner buffer VB\kb: copies, then the weighted sum into the group's row.
.macro GROUP kb
        PAIR_COPIES \kb
        wait_flag MTE2, V, \kb
        vbcast.f32 WBC, wp, DP, K * DP
.if F16
        vcvt.f32.f16 CF, VB\kb, K * DP, rn
        set_flag V, MTE2, \kb
        vmul.f32 WBC, WBC, CF, K * DP
.else
        vmul.f32 WBC, WBC, VB\kb, K * DP
        set_flag V, MTE2, \kb
.endif
        TREE K
        add wp, wp, LPP * 16
        add op, op, CH * 4
        add g, g, 1
.endm

; Unit u with set \k; prepares the core's next unit into set \o first.
.macro BLOCK k, o
        bge u, nunits, finish
        wait_flag V, S, 0               ; set \k is ready
        add un, u, ncores
        bge un, nunits, .noprep\@
        COPYIN un, 0
        PREP \o
        set_flag V, S, 0
.noprep\@:
        UNIT u
        mov sp, O1\k
        mov wp, WG\k
        mov op, OUT
        mov g, 0
        wait_flag MTE3, V, 0            ; OUT has been written out
.groups\@:
        GROUP 0
        bge g, gc, .gend\@
        GROUP 1
        blt g, gc, .groups\@
.gend\@:
        set_flag S, V, \k               ; set \k's offsets are read
.if F16
        vcvt.f16.f32 OUTH, OUT, G * CH, rn
.endif
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        mul t0, row0, MD * ES
        add t0, t0, pout
        mul t1, gc, CH * ES
        copy_ub_gm_pad t0, OUTSRC, 1, t1, 0, 0
        set_flag MTE3, V, 0
        mov u, un
.endm

; ---------------------------------------------------------------------------------------------
        ldparam pval, value
        ldparam ploc, loc
        ldparam pattn, attn
        ldparam pout, out
        ldparam nq, nqueries
        ldparam t0, keys
        mul batchb, t0, MD * ES
        add nblk, nq, QB - 1
        div nblk, nblk, QB
        ldparam t0, bs
        mul nunits, t0, nblk
        corenum ncores
        coreid u

        ldparam t0, pat
        copy_gm_ub PAT, t0, 1, NPAT * N * 4 / 32, 0, 0
        set_flag MTE2, V, 3
        vci.i32 PXO, 0, N
        vmuls.i32 PXO, PXO, 2 * ES, N   ; x of lane i at 2 i ES (groups padded to LPP lanes)
        vadds.i32 PYO, PXO, ES, N
        vdup.i32 ODD4, -1431655766, MASK4 / 4   ; 0xAAAAAAAA: lanes 1, 3 of every 4
        vdup.i32 HI4, -858993460, MASK4 / 4     ; 0xCCCCCCCC: lanes 2, 3 of every 4
        wait_flag MTE2, V, 3
        set_flag V, MTE2, 0             ; both corner buffers, the inputs and OUT start free
        set_flag V, MTE2, 1
        set_flag V, MTE2, 2
        set_flag MTE3, V, 0
        set_flag S, V, 0                ; both offset sets start unread
        set_flag S, V, 1

        bge u, nunits, finish
        COPYIN u, 0
        PREP 0
        set_flag V, S, 0
block_loop:
        BLOCK 0, 1
        BLOCK 1, 0
        jmp block_loop

finish:
        wait_flag V, MTE2, 0            ; consume the "free" primes: no flag may be left set
        wait_flag V, MTE2, 1
        wait_flag V, MTE2, 2
        wait_flag MTE3, V, 0
        wait_flag S, V, 0
        wait_flag S, V, 1
        end
