; vendor/msda_bwd.asm: multi-scale deformable attention, backward, vendor style
; (kernel-strategies.md, design 2). Design: docs/MSDA-vendor.md; driver:
; Sources/MSDA/VendorBackward.swift (`MSDAVendor.backward`).
;
; The forward keeps nothing, so the backward copies every sample's corners from value again,
; exactly as the forward does (msda_common.inc: PREP_*, PAIR_COPIES). Per (query, head) group:
;   - V multiplies the corners by grad_output (replicated over the 4 L P corner rows) and
;     reduces each row: the corner dot products d_k (brief msda.md, "a good order");
;   - V multiplies the packed weights (attention folded in) by grad_output: the grad_value rows;
;     MTE3 adds them into grad_value (fp32 in GM) with one atomic scatter per sample (2 pieces
;     for one row in the map, 4 for two), issued one group late, interleaved sample by sample
;     with the next group's copies so that the scalar unit keeps both DMA queues fed.
; Per unit, V turns the dot products into grad_attn = sum_k w_k d_k,
; grad_loc_x = W a (hh (d2 - d1) + lh (d4 - d3)), grad_loc_y = H a (hw (d3 - d1) + lw (d4 - d2)),
; all three as sums of coefficient x dot product over the 4 copied pixels (coefficients made in
; the unit's preparation), and MTE3 writes them (one copy each).
; Flags. V->MTE2: 0/1 corner buffer free, 2 inputs consumed. MTE2->V: 0/1 corners in, 2 inputs
; in, 3 pattern table in. V->S: 0 the next unit's preparation is ready. V->MTE3: 0 gradients
; ready, 1/2 grad_value rows ready. MTE3->V: 0 gradients written, 1/2 grad_value rows added,
; 3/4 the scatter offsets of set 0/1 are no longer read. S->V: 0/1 the scalar unit has read
; offset set 0/1.

.include "msda_common.inc"

.if F16
.param value, gm.f16
.param loc, gm.f16
.param attn, gm.f16
.param gout, gm.f16
.param gattn, gm.f16
.param gloc, gm.f16
.else
.param value, gm.f32
.param loc, gm.f32
.param attn, gm.f32
.param gout, gm.f32
.param gattn, gm.f32
.param gloc, gm.f32
.endif
.param gvalue, gm.f32           ; [bs, S, M, D] + one spare pixel, accumulated in fp32
.param pat, gm.i32
.param bs, i64
.param nqueries, i64
.param keys, i64

.reg soffp, r24                 ; the next sample's scatter offsets
.reg sgv, r31                   ; grad_value of the pending group's batch (t4 is not used here)

; ---------------------------------------------------------------------------------------------
; UB buffers
.buffer PEND, 32                ; i32: buffer parity of the pending last group, -1 none
.buffer PAT, NPAT * N * 4
        PATTERN_ROWS
.buffer INL, N * 2 * ES
.buffer INA, N * ES
.buffer GOR, G * CH * ES        ; the unit's grad_output rows as stored
.buffer PXO, N * 4
.buffer PYO, N * 4
.if F16
.buffer XH, N * 2
.buffer YH, N * 2
.endif
.buffer X, N * 4
.buffer Y, N * 4
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
.buffer DL, N * 4
.buffer DR, N * 4
.buffer ONE, N * 4
.buffer MONE, N * 4
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
.equ MASK8, align(N, 32)
.buffer ODD8, MASK8
.buffer M8HI, MASK8
.buffer SCR, 16 * N * 4         ; preparation scratch (and the unit's end products)
.equ BA, SCR
.equ BB, SCR + N4 * 4
.equ ROW4, SCR + 2 * N4 * 4
.equ BA8, SCR
.equ BB8, SCR + 2 * N4 * 4
; per unit, double-buffered (unit parity)
.buffer O10, N * 4
.buffer O20, N * 4              ; must follow O10
.buffer WG0, N4 * 4             ; packed weights, attention folded in
.buffer CA0, N4 * 4             ; grad_attn coefficients of the 4 copied pixels
.buffer CX0, N4 * 4             ; grad_loc_x coefficients
.buffer CY0, N4 * 4             ; grad_loc_y coefficients
.buffer SOFF0, 8 * N * 4        ; scatter offsets: (o1, o1 + MD 4, o2, o2 + MD 4) per 32 bytes
.buffer GO0, G * CH * 4         ; grad_output rows f32
.buffer O11, N * 4
.buffer O21, N * 4
.buffer WG1, N4 * 4
.buffer CA1, N4 * 4
.buffer CX1, N4 * 4
.buffer CY1, N4 * 4
.buffer SOFF1, 8 * N * 4
.buffer GO1, G * CH * 4
; per unit
.buffer DK, N4 * 4              ; corner dot products, group g at g * LPP * 16
.buffer GXO, N * 4
.buffer GYO, N * 4
.buffer GAO, N * 4
.buffer GL, 2 * N * 4           ; (x, y) interleaved
.if F16
.buffer GAH, N * 2
.buffer GLH, 2 * N * 2
.equ GASRC, GAH
.equ GLSRC, GLH
.else
.equ GASRC, GAO
.equ GLSRC, GL
.endif
; per group
.buffer VB0, K * DP * ES
.buffer VB1, K * DP * ES
.if F16
.buffer CF, K * DP * 4
.endif
.buffer WBC, K * DP * 4         ; corners x grad_output
.buffer GR, K * DP * 4          ; grad_output replicated per corner row (padding lanes 0)
.if DP != CH
.buffer GRD, K * CH * 4         ; the same at the grad_value row stride D
.else
.equ GRD, GR
.endif
.buffer GVB0, K * CH * 4        ; grad_value rows: w_k a g
.buffer GVB1, K * CH * 4
.if O20 != O10 + N * 4 || O21 != O11 + N * 4
.error "O2 must follow O1"
.endif

; ---------------------------------------------------------------------------------------------
.macro PREP k
        wait_flag MTE2, V, 2
        wait_flag S, V, \k               ; the scalar unit has read set \k's offsets (two units ago)
        wait_flag MTE3, V, 3 + \k       ; SOFF\k: the scatters of two units ago are done
        PREP_SAMPLES
.if F16
        vcvt.f32.f16 GO\k, GOR, G * CH, rn
.else
        vmov.f32 GO\k, GOR, G * CH
.endif
        set_flag V, MTE2, 2             ; inputs consumed
        PREP_GEOMETRY O1\k, O2\k
        ROWCOL CA\k, HH, LH, LEFT, RIGHT        ; bilinear weights without a
        vbcast.f32 BA, A, 4, N4
        vmul.f32 WG\k, CA\k, BA, N4
        vmul.f32 TT, A, PHF, N          ; H a
        vmuls.f32 TB, TT, -1.0, N
        vsels.f32 TB, MT, TB, 0.0, N    ; top row: -H a
        vsels.f32 TT, MB, TT, 0.0, N    ; bottom row: H a
        ROWCOL CY\k, TB, TT, LEFT, RIGHT
        vmul.f32 TT, A, PWF, N          ; W a
        vmul.f32 TB, TT, HH, N          ; top row: W a hh
        vmul.f32 TT, TT, LH, N          ; bottom row: W a lh
        vsels.f32 DL, MXM, ONE, 0.0, N  ; pixel cs: +1 as corner x1, -1 as corner x0
        vsel.f32 DL, MX0, MONE, DL, N
        vsels.f32 DR, MXP, MONE, 0.0, N ; pixel cs + 1: -1 as x0, +1 as x1 (in the map)
        vsel.f32 DR, MR, ONE, DR, N
        ROWCOL CX\k, TB, TT, DL, DR
.if F16
        vmuls.i32 TT, O1\k, 2, N        ; grad_value is fp32: twice the fp16 byte offsets
        vmuls.i32 TB, O2\k, 2, N
        vbcast.i32 BA8, TT, 8, 8 * N
        vbcast.i32 BB8, TB, 8, 8 * N
.else
        vbcast.i32 BA8, O1\k, 8, 8 * N
        vbcast.i32 BB8, O2\k, 8, 8 * N
.endif
        vsel.i32 BA8, M8HI, BB8, BA8, 8 * N
        vadds.i32 BB8, BA8, MD * 4, 8 * N
        vsel.i32 SOFF\k, ODD8, BB8, BA8, 8 * N
.endm

; One sample's atomic add of its grad_value rows at `src` (2 pieces of D floats for one row in
; the map, 4 for two) at the offsets `soffp` from GM address `base`. Advances ssp, soffp, src.
.macro SCATTER_ONE base
        ld.i32 t0, ssp
        blt t0, 0, .skip\@
        add t1, ssp, N * 4
        ld.i32 t1, t1
        cset t1, t1, 0, ge
        shl t1, t1, 1
        add t1, t1, 2
        scatter_add.f32 \base, src, soffp, t1, CH * 4
.skip\@:
        add ssp, ssp, 4
        add soffp, soffp, 32
        add src, src, 4 * CH * 4
.endm

; The scatters of one group (buffer GVB\ks) alone: the core's last group.
.macro SCATTERS ks, base
        wait_flag V, MTE3, 1 + \ks
        mov src, GVB\ks
        mov cnt, LP
.s\@:
        SCATTER_ONE \base
        sub cnt, cnt, 1
        bgt cnt, 0, .s\@
        set_flag MTE3, V, 1 + \ks
.endm

; This group's copies (into VB\kb) interleaved sample by sample with the previous group's
; scatters (from GVB\ko, into the batch at `base`), so that the scalar unit keeps both the MTE2
; and the MTE3 queue fed.
.macro COPIES_AND_SCATTERS kb, ko, base
        wait_flag V, MTE2, \kb
        wait_flag V, MTE3, 1 + \ko
        mov dst, VB\kb
        mov src, GVB\ko
        mov cnt, LP
.s\@:
        COPY_ONE
        SCATTER_ONE \base
        sub cnt, cnt, 1
        bgt cnt, 0, .s\@
        add sp, sp, (LPP - LP) * 4
        add ssp, ssp, (LPP - LP) * 4
        add soffp, soffp, (LPP - LP) * 32
        set_flag MTE2, V, \kb
        set_flag MTE3, V, 1 + \ko
.endm

; The vector work of group g (buffers VB\kb, GVB\kb): dot products and grad_value rows.
.macro GROUP_V kb
        vmov.f32 GR, gop, CH
        REPLICATE GR, DP, 1
.if DP != CH
        vmov.f32 GRD, gop, CH
        REPLICATE GRD, CH, 1
.endif
        wait_flag MTE2, V, \kb
.if F16
        vcvt.f32.f16 CF, VB\kb, K * DP, rn
        set_flag V, MTE2, \kb
        vmul.f32 WBC, CF, GR, K * DP
.else
        vmul.f32 WBC, VB\kb, GR, K * DP
        set_flag V, MTE2, \kb
.endif
        vgsum.f32 dkp, WBC, DP, K * DP  ; d per copied pixel
        wait_flag MTE3, V, 1 + \kb
        vbcast.f32 GVB\kb, wp, CH, K * CH
        vmul.f32 GVB\kb, GVB\kb, GRD, K * CH
        set_flag V, MTE3, 1 + \kb
        add wp, wp, LPP * 16
        add gop, gop, CH * 4
        add dkp, dkp, LPP * 16
        add g, g, 1
.endm

; The first group of a unit with the previous unit's last group (buffers \p, set \o) pending:
; its scatters go with this group's copies; then set \o is released (S->V: its offsets are
; read; MTE3->V: its scatter offsets are).
.macro FIRST_PENDING p, o
        COPIES_AND_SCATTERS 0, \p, sgv
        set_flag S, V, \o
        set_flag MTE3, V, 3 + \o
.endm

; The pending last group of the previous unit (set \o) alone: the core has no unit left.
.macro FLUSH o
        ld.i32 t0, PEND
        beq t0, 1, .p1\@
        SCATTERS 0, sgv
        jmp .done\@
.p1\@:
        SCATTERS 1, sgv
.done\@:
        set_flag S, V, \o
        set_flag MTE3, V, 3 + \o
        jmp finish
.endm

; Unit u with set \k; prepares the core's next unit into set \o after its first group. The unit's last group's
; scatters are left pending (PEND = its buffer parity, sgv = its batch's grad_value) and go out
; with the next unit's first copies, so MTE2 does not drain between units.
.macro BLOCK k, o
        blt u, nunits, .go\@
        FLUSH \o
.go\@:
        wait_flag V, S, 0
        UNIT u
        mul gvbase, b, batchb
.if F16
        shl gvbase, gvbase, 1
.endif
        ldparam t0, gvalue
        add gvbase, gvbase, t0
        mov sp, O1\k
        mov wp, WG\k
        mov gop, GO\k
        mov dkp, DK
        mov g, 0
        ld.i32 t0, PEND
        blt t0, 0, .fresh\@
        beq t0, 1, .pend1\@
        FIRST_PENDING 0, \o
        jmp .first\@
.pend1\@:
        FIRST_PENDING 1, \o
        jmp .first\@
.fresh\@:
        PAIR_COPIES 0
.first\@:
        mov ssp, O1\k
        mov soffp, SOFF\k
        GROUP_V 0
        ; the next unit's inputs and preparation: only now, after set \o has been released
        ; (before, V would wait in PREP for a release the scalar unit issues behind it: deadlock)
        add un, u, ncores
        bge un, nunits, .groups\@
        COPYIN un, 1
        PREP \o
        set_flag V, S, 0
.groups\@:
        bge g, gc, .gend\@
        COPIES_AND_SCATTERS 1, 0, gvbase
        GROUP_V 1
        bge g, gc, .gend\@
        COPIES_AND_SCATTERS 0, 1, gvbase
        GROUP_V 0
        jmp .groups\@
.gend\@:
        sub t0, g, 1
        and t0, t0, 1
        st.i32 t0, PEND                 ; the last group's scatters are pending
        mov sgv, gvbase
        vmul.f32 BA, CX\k, DK, N4
        vgsum.f32 GXO, BA, 4, N4
        vmul.f32 BA, CY\k, DK, N4
        vgsum.f32 GYO, BA, 4, N4
        wait_flag MTE3, V, 0            ; the last unit's gradients have been written
        vmul.f32 BA, CA\k, DK, N4
        vgsum.f32 GAO, BA, 4, N4
        vbcast.f32 BA, GXO, 2, 2 * N
        vbcast.f32 BB, GYO, 2, 2 * N
        vsel.f32 GL, ODD4, BB, BA, 2 * N
.if F16
        vcvt.f16.f32 GAH, GAO, N, rn
        vcvt.f16.f32 GLH, GL, 2 * N, rn
.endif
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        mul t0, row0, HEADS * LP * ES
        add t0, t0, pout
        copy_ub_gm_pad t0, GASRC, gc, LP * ES, 0, 0
        ldparam t0, gloc
        mul t1, row0, HEADS * LP * 2 * ES
        add t0, t0, t1
        copy_ub_gm_pad t0, GLSRC, gc, 2 * LP * ES, LOCGAP, 0
        set_flag MTE3, V, 0
        mov u, un
.endm

; ---------------------------------------------------------------------------------------------
        ldparam pval, value
        ldparam ploc, loc
        ldparam pattn, attn
        ldparam pout, gattn
        ldparam pgout, gout
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
        vmuls.i32 PXO, PXO, 2 * ES, N
        vadds.i32 PYO, PXO, ES, N
        vdup.i32 ODD4, -1431655766, MASK4 / 4   ; 0xAAAAAAAA: odd lanes
        vdup.i32 HI4, -858993460, MASK4 / 4     ; 0xCCCCCCCC: lanes 2, 3 of every 4
        vdup.i32 ODD8, -1431655766, MASK8 / 4
        vdup.i32 M8HI, -50529028, MASK8 / 4     ; 0xFCFCFCFC: lanes 2..7 of every 8
        vdup.f32 ONE, 1.0, N
        vdup.f32 MONE, -1.0, N
        vdup.f32 GR, 0.0, K * DP        ; padding lanes of the replicated rows stay 0
        wait_flag MTE2, V, 3
        set_flag V, MTE2, 0
        set_flag V, MTE2, 1
        set_flag V, MTE2, 2
        set_flag MTE3, V, 0
        set_flag MTE3, V, 1
        set_flag MTE3, V, 2
        set_flag MTE3, V, 3
        set_flag MTE3, V, 4
        set_flag S, V, 0
        set_flag S, V, 1

        st.i32 -1, PEND
        bge u, nunits, finish
        COPYIN u, 1
        PREP 0
        set_flag V, S, 0
block_loop:
        BLOCK 0, 1
        BLOCK 1, 0
        jmp block_loop

finish:
        wait_flag V, MTE2, 0
        wait_flag V, MTE2, 1
        wait_flag V, MTE2, 2
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        wait_flag MTE3, V, 2
        wait_flag MTE3, V, 3
        wait_flag MTE3, V, 4
        wait_flag S, V, 0
        wait_flag S, V, 1
        end
