; grid_sample_bwd.asm: the baseline's grid-sample backward, one launch per level
; (kernel-strategies.md design 1; docs/MSDA-baseline.md). From gs = the gradient of this level's
; sampled values ([bs*M, D, Q*P] f32, from weighted_sum_bwd.asm):
;   grad_value[b, pixel_k, m, :] += w_k gs[i, :] for the four corners k of sample i
;       (one f32 atomic add of D channels per corner: `scatter_add`, into this level's
;       [bs, H*W, M, D] f32 plus one sink pixel that off-map corners add their zeros to);
;   grad_loc[i] = (W (hh (e2 - e1) + lh (e4 - e3)), H (hw (e3 - e1) + lw (e4 - e2))) with
;       e_k = sum over d of gs[i, d] v_k[d]: grid_sample's grid gradient (times 2, the chain
;       rule of grid = 2 loc - 1, folded in), which re-reads the four corners from value
;       (`gather_gm`, one piece per corner, as the forward).
;
; Work split and software pipeline as grid_sample_fwd.asm: per core one contiguous range of
; samples, blocks of at most N inside one (b, m). Per block: copy (x, y) pairs and the D rows of
; gs (MTE2); weights, masks, gather and scatter offsets, gs transposed to [N][D] and the four
; corners' pieces w_k gs (V); four scatter_add (MTE3) and four gather_gm (MTE2) run concurrently;
; then corner dot products e_k, grad_loc (V) and its store (MTE3). Everything double-buffered.
;
; Switches (-D): F16 (value, grid and grad_loc fp16; gs, grad_value f32), N (multiple of 8),
; D, UB.

.ifndef UB
.equ UB, 196608
.endif
.ubsize UB
.ifndef F16
.equ F16, 0
.endif
; Defaults for assembling the kernel on its own (vasm, tests); the driver sets every one.
.ifndef N
.equ N, 64
.endif
.ifndef D
.equ D, 32
.endif
.if N < 8 || N % 8 != 0
.error "N must be a positive multiple of 8"
.endif
.if D < 8 || D % 8 != 0 || D > 256
.error "D must be a multiple of 8 in 8..256"
.endif

.equ ES, 4 - 2 * F16
.equ DPB, align(D * ES, 32)
.equ DP, DPB / ES
.equ MASKB, align(N / 8, 32)

.if F16
.param value, gm.f16
.param grid, gm.f16
.param gloc, gm.f16             ; [bs*M, Q*P, 2] = (x, y) gradient of sampling_locations
.else
.param value, gm.f32
.param grid, gm.f32
.param gloc, gm.f32
.endif
.param gs, gm.f32               ; [bs*M, D, Q*P]
.param gvalue, gm.f32           ; [bs, H*W, M, D] + one sink pixel (D floats)
.param total, i64
.param nqp, i64
.param heads, i64
.param width, i64
.param hgt, f32
.param wdt, f32
.param hgt1, f32
.param wdt1, f32
.param levelbase, i64
.param batchbytes, i64
.param gbstride, i64            ; H*W*M*D*4: one batch of gvalue
.param gsink, i64               ; bs*H*W*M*D*4: byte offset of the sink pixel

.buffer GR0, align(N * 2 * ES, 32)
.buffer GR1, align(N * 2 * ES, 32)
.if F16
.buffer GF, N * 8
.endif
.buffer DEX, N * 4
.buffer DEY, N * 4
.buffer X, N * 4
.buffer Y, N * 4
.buffer H0, N * 4
.buffer W0, N * 4
.buffer IH, N * 4
.buffer IW, N * 4
.buffer MA, MASKB
.buffer MB, MASKB
.buffer MC, MASKB
.buffer MD, MASKB
.buffer MK0, 4 * MASKB
.buffer MK1, 4 * MASKB
.buffer FK0, N * 16             ; hh, lh, hw, lw
.buffer FK1, N * 16
.buffer WK0, N * 16             ; w1..w4 (zero off the map)
.buffer WK1, N * 16
.buffer GO0, N * 16             ; gather offsets (value)
.buffer GO1, N * 16
.buffer SO0, N * 16             ; scatter offsets (gvalue)
.buffer SO1, N * 16
.buffer GS0, D * N * 4          ; gs rows [D][N]
.buffer GS1, D * N * 4
.buffer TT, N * D * 4           ; transpose table (i, d) -> (d N + i) * 4
.buffer GT0, N * D * 4          ; gs [N][D]
.buffer GT1, N * D * 4
.if DP != D
.buffer TTP, N * DP * 4         ; (i, d') -> (i D + d') * 4, pads -> the zero tail of GTX
.buffer GTX, N * D * 4 + 32
.buffer GTP, N * DP * 4         ; gs [N][DP], zero pads
.endif
.buffer CB0, 4 * N * DPB
.buffer CB1, 4 * N * DPB
.if F16
.buffer CF, N * DP * 4
.endif
.buffer TP, N * DP * 4         ; corner x gs products (GRADS)
.equ WB, TP                     ; a weight broadcast along the channels (PREP): V only, never live
                                ; at the same time as TP (N D <= N DP)
.buffer PC0, 4 * N * D * 4      ; pieces w_k gs [4][N][D]
.buffer PC1, 4 * N * D * 4
.buffer E, N * 16
.buffer GX, N * 4
.buffer GY, N * 4
.buffer BA, N * 8
.buffer BB, N * 8
.buffer GL0, N * 8
.buffer GL1, N * 8
.buffer ALT, align(N / 4, 32)

; Flags. MTE2->V b: grid and gs rows in GR_b, GS_b; 2+b: corners in CB_b. V->MTE2 b: GO_b
; ready (GR_b, GS_b consumed); 2+b: CB_b free. V->MTE3 b: pieces PC_b and SO_b ready; 2+b: GL_b
; ready. MTE3->V b: PC_b, SO_b free; 2+b: GL_b stored.

.reg t0, r0
.reg t1, r1
.reg t2, r2
.reg t3, r3
.reg t4, r4
.reg sink, r5
.reg qp, r7
.reg hi, r8
.reg nh, r9
.reg hf, r10
.reg wf, r11
.reg hm1, r12
.reg wm1, r13
.reg wi, r14
.reg pixb, r15
.reg rowb, r16
.reg s0, r17
.reg n0, r18
.reg s1, r19
.reg n1, r20
.reg s2, r21
.reg n2, r22
.reg pix4, r23
.reg row4, r24

.include "bilinear.inc"

; t1 = b, t2 = m of the block starting at sample \s.
.macro BM s
        div t1, \s, qp
        div t2, t1, nh
        rem t3, t1, nh
        mov t1, t2
        mov t2, t3
.endm

.macro LOAD b, s, n
        ldparam t1, grid
        mul t2, \s, 2 * ES
        add t1, t1, t2
        mul t2, \n, 2 * ES
        copy_gm_ub_pad GR\b, t1, 1, t2, 0, 0
        div t1, \s, qp                  ; gs rows (bm, d = 0, i0): (bm (D - 1) QP + s) * 4
        mul t1, t1, qp
        mul t1, t1, D - 1
        add t1, t1, \s
        shl t1, t1, 2
        ldparam t2, gs
        add t1, t1, t2
        shl t2, \n, 2
        sub t3, qp, \n
        shl t3, t3, 2
        add t0, t2, 31
        and t0, t0, -32
        mov t4, N * 4
        sub t0, t4, t0
        shr t0, t0, 5
        copy_gm_ub_pad GS\b, t1, D, t2, t3, t0
        set_flag MTE2, V, \b
.endm

; V: set-up of the block in GR\b / GS\b; \s its first sample (for the sink offset).
.macro PREP b, s
        BM \s
        ldparam t3, gbstride
        mul t1, t1, t3
        mul t2, t2, D * 4
        add t1, t1, t2
        ldparam sink, gsink
        sub sink, sink, t1              ; the sink pixel, from this block's (b, m) base
        wait_flag MTE2, V, \b
.if F16
        vcvt.f32.f16 GF, GR\b, 2 * N, rn
        BILINEAR GF, WK\b, FK\b, MK\b
.else
        BILINEAR GR\b, WK\b, FK\b, MK\b
.endif
        CORNER_OFFSETS GO\b, MK\b, pixb, rowb, 0
        gather.f32 GT\b, GS\b, TT, N * D
        set_flag V, MTE2, \b
        wait_flag MTE3, V, \b
        CORNER_OFFSETS SO\b, MK\b, pix4, row4, sink
        vbcast.f32 WB, WK\b, D, N * D
        vmul.f32 PC\b, WB, GT\b, N * D
        vbcast.f32 WB, WK\b + N * 4, D, N * D
        vmul.f32 PC\b + N * D * 4, WB, GT\b, N * D
        vbcast.f32 WB, WK\b + N * 8, D, N * D
        vmul.f32 PC\b + 2 * N * D * 4, WB, GT\b, N * D
        vbcast.f32 WB, WK\b + N * 12, D, N * D
        vmul.f32 PC\b + 3 * N * D * 4, WB, GT\b, N * D
        set_flag V, MTE3, \b
.endm

.macro GATHER b
        BM s0
        ldparam t3, batchbytes
        mul t1, t1, t3
        mul t2, t2, D * ES
        add t1, t1, t2
        ldparam t3, levelbase
        add t1, t1, t3
        ldparam t3, value
        add t1, t1, t3
        wait_flag V, MTE2, \b
        wait_flag V, MTE2, 2 + \b
        gather_gm CB\b, t1, GO\b, n0, D * ES
        gather_gm CB\b + N * DPB, t1, GO\b + N * 4, n0, D * ES
        gather_gm CB\b + 2 * N * DPB, t1, GO\b + N * 8, n0, D * ES
        gather_gm CB\b + 3 * N * DPB, t1, GO\b + N * 12, n0, D * ES
        set_flag MTE2, V, 2 + \b
.endm

.macro SCATTER b, s, n
        BM \s
        ldparam t3, gbstride
        mul t1, t1, t3
        mul t2, t2, D * 4
        add t1, t1, t2
        ldparam t3, gvalue
        add t1, t1, t3
        wait_flag V, MTE3, \b
        scatter_add.f32 t1, PC\b, SO\b, \n, D * 4
        scatter_add.f32 t1, PC\b + N * D * 4, SO\b + N * 4, \n, D * 4
        scatter_add.f32 t1, PC\b + 2 * N * D * 4, SO\b + N * 8, \n, D * 4
        scatter_add.f32 t1, PC\b + 3 * N * D * 4, SO\b + N * 12, \n, D * 4
        set_flag MTE3, V, \b
.endm

; e_k = sum_d gs[i, d] corner_k[i, d] for one corner (\c) of CB\b.
.macro DOT b, c, g
.if F16
        vcvt.f32.f16 CF, CB\b + (\c) * N * DPB, N * DP, rn
        vmul.f32 TP, \g, CF, N * DP
.else
        vmul.f32 TP, \g, CB\b + (\c) * N * DPB, N * DP
.endif
        vgsum.f32 E + (\c) * N * 4, TP, DP, N * DP
        vsels.f32 E + (\c) * N * 4, MK\b + (\c) * MASKB, E + (\c) * N * 4, 0.0, N
.endm

.macro GRADS b
        wait_flag MTE2, V, 2 + \b
.if DP != D
        vmov.f32 GTX, GT\b, N * D
        gather.f32 GTP, GTX, TTP, N * DP
        DOT \b, 0, GTP
        DOT \b, 1, GTP
        DOT \b, 2, GTP
        DOT \b, 3, GTP
.else
        DOT \b, 0, GT\b
        DOT \b, 1, GT\b
        DOT \b, 2, GT\b
        DOT \b, 3, GT\b
.endif
        set_flag V, MTE2, 2 + \b
        vsub.f32 GX, E + N * 4, E, N            ; e2 - e1
        vmul.f32 GX, GX, FK\b, N                ; hh
        vsub.f32 GY, E + N * 12, E + N * 8, N   ; e4 - e3
        vmul.f32 GY, GY, FK\b + N * 4, N        ; lh
        vadd.f32 GX, GX, GY, N
        vmuls.f32 GX, GX, wf, N
        vsub.f32 GY, E + N * 8, E, N            ; e3 - e1
        vmul.f32 GY, GY, FK\b + N * 8, N        ; hw
        vsub.f32 BA, E + N * 12, E + N * 4, N   ; e4 - e2
        vmul.f32 BA, BA, FK\b + N * 12, N       ; lw
        vadd.f32 GY, GY, BA, N
        vmuls.f32 GY, GY, hf, N
        wait_flag MTE3, V, 2 + \b
        vbcast.f32 BA, GX, 2, 2 * N
        vbcast.f32 BB, GY, 2, 2 * N
        vsel.f32 GL\b, ALT, BB, BA, 2 * N       ; (gx, gy) pairs
.if F16
        vcvt.f16.f32 GL\b, GL\b, 2 * N, rn
.endif
        set_flag V, MTE3, 2 + \b
.endm

.macro STOREL b
        ldparam t1, gloc
        mul t2, s0, 2 * ES
        add t1, t1, t2
        mul t2, n0, 2 * ES
        wait_flag V, MTE3, 2 + \b
        copy_ub_gm_pad t1, GL\b, 1, t2, 0, 0
        set_flag MTE3, V, 2 + \b
.endm

.macro STEP b, o
        ble n0, 0, done
        GATHER \b
        ble n2, 0, .noload\@
        LOAD \b, s2, n2
.noload\@:
        ble n1, 0, .noprep\@
        PREP \o, s1
        SCATTER \o, s1, n1
.noprep\@:
        GRADS \b
        STOREL \b
        mov s0, s1
        mov n0, n1
        mov s1, s2
        mov n1, n2
        add s2, s2, n2
        BLOCKLEN s2, n2
.endm

        ldparam qp, nqp
        ldparam nh, heads
        ldparam wi, width
        ldparam hf, hgt
        ldparam wf, wdt
        ldparam hm1, hgt1
        ldparam wm1, wdt1
        mul pixb, nh, D * ES
        mul rowb, pixb, wi
        mul pix4, nh, D * 4
        mul row4, pix4, wi
        ldparam t1, total
        corenum t2
        coreid t3
        mul s0, t1, t3
        div s0, s0, t2
        add t3, t3, 1
        mul hi, t1, t3
        div hi, hi, t2

        DEINTERLEAVE_TABLES
        vdup.i32 ALT, -1431655766, align(N / 4, 32) / 4   ; 0xAAAAAAAA: odd lanes
        ; TT[i][d] = (d N + i) * 4
        vci.i32 WB, 0, D
        vmuls.i32 WB, WB, N * 4, D
        mov t1, 0
ttloop:
        shl t2, t1, 2
        mul t3, t1, D * 4
        add t3, t3, TT
        vadds.i32 t3, WB, t2, D
        add t1, t1, 1
        blt t1, N, ttloop
.if DP != D
        ; TTP[i][d'] = (i D + d') * 4 for d' < D, else the zero tail (N D * 4) of GTX
        vdup.f32 GTX + N * D * 4, 0.0, 8
        vci.i32 WB, 0, DP
        vmuls.i32 WB, WB, 4, DP
        vcmps.i32 MB, WB, D * 4, DP, lt
        mov t1, 0
ttploop:
        mul t2, t1, D * 4
        mul t3, t1, DP * 4
        add t3, t3, TTP
        vadds.i32 t3, WB, t2, DP
        vsels.i32 t3, MB, t3, N * D * 4, DP
        add t1, t1, 1
        blt t1, N, ttploop
.endif

        set_flag V, MTE2, 2
        set_flag V, MTE2, 3
        set_flag MTE3, V, 0
        set_flag MTE3, V, 1
        set_flag MTE3, V, 2
        set_flag MTE3, V, 3

        BLOCKLEN s0, n0
        add s1, s0, n0
        BLOCKLEN s1, n1
        add s2, s1, n1
        BLOCKLEN s2, n2
        ble n0, 0, done
        LOAD 0, s0, n0
        ble n1, 0, .prologue
        LOAD 1, s1, n1
.prologue:
        PREP 0, s0
        SCATTER 0, s0, n0
loop:
        STEP 0, 1
        STEP 1, 0
        jmp loop
done:
        wait_flag V, MTE2, 2
        wait_flag V, MTE2, 3
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        wait_flag MTE3, V, 2
        wait_flag MTE3, V, 3
        end
