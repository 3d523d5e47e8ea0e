; grid_sample_fwd.asm: the baseline's grid-sample kernel, one launch per level
; (kernel-strategies.md design 1; docs/MSDA-baseline.md).
;
; What F.grid_sample(value_l, 2 * loc - 1, bilinear, zeros, align_corners=False) computes for
; one level, without the attention weights: sampled[bm, d, q, p] = sum_k w_k v_k[d], written to
; GM as `out` [bs*M, D, Q*P] f32. Each corner is read from GM as its own small copy of the pixel's
; D channels (`gather_gm`, one piece per corner) from value in its PyTorch layout [bs, S, M, D].
;
; Work split: the bs*M*Q*P samples of the level are cut into one contiguous range per core
; (balanced to one sample); a core walks its range in blocks of at most N samples that stay
; inside one (b, m). Per block: copy the (x, y) pairs in (MTE2); bilinear weights and the four
; corners' GM offsets (V); four gather_gm of n pieces (MTE2); weighted sum in [sample][channel]
; order, one UB gather to transpose it to [channel][sample] (V); D rows out (MTE3).
; Software pipeline, everything double-buffered: MTE2 runs gather(k), grid(k + 2), gather(k + 1)
; ... back to back while V prepares block k + 1 and finishes block k, and MTE3 stores block k - 1.
;
; Switches (-D; the driver sets all): F16 (value and grid fp16; arithmetic and `out` f32),
; N (samples per block, a multiple of 8), D (channels), UB (UB bytes).

.ifndef UB
.equ UB, 196608
.endif
.ubsize UB
.ifndef F16
.equ F16, 0
.endif
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

.equ ES, 4 - 2 * F16            ; bytes per stored element of value and grid
.equ DPB, align(D * ES, 32)     ; UB bytes of one gathered pixel (a piece's slot)
.equ DP, DPB / ES               ; elements per slot (D, or more when D * ES is not a multiple of 32)
.equ MASKB, align(N / 8, 32)

.if F16
.param value, gm.f16            ; [bs, S, M, D], PyTorch layout
.param grid, gm.f16             ; this level's grid [bs*M, Q*P, 2] = (x, y)
.else
.param value, gm.f32
.param grid, gm.f32
.endif
.param out, gm.f32              ; [bs*M, D, Q*P]
.param total, i64               ; bs*M*Q*P
.param nqp, i64                  ; Q*P
.param heads, i64               ; M
.param width, i64               ; W
.param hgt, f32                  ; H
.param wdt, f32                  ; W
.param hgt1, f32                 ; H - 1
.param wdt1, f32                 ; W - 1
.param levelbase, i64               ; level start * M * D * ES: the level's first pixel in a batch
.param batchbytes, i64             ; S * M * D * ES: one batch of value

.buffer GR0, align(N * 2 * ES, 32)      ; raw (x, y) pairs of a block
.buffer GR1, align(N * 2 * ES, 32)
.if F16
.buffer GF, N * 8                       ; the pairs widened to f32
.endif
.buffer DEX, N * 4
.buffer DEY, N * 4
.buffer X, N * 4
.buffer Y, N * 4
.buffer H0, N * 4
.buffer W0, N * 4
.buffer IH, N * 4
.buffer IW, N * 4
.buffer FK, N * 16                      ; hh, lh, hw, lw (scratch: the forward needs only the weights)
.buffer MA, MASKB
.buffer MB, MASKB
.buffer MC, MASKB
.buffer MD, MASKB
.buffer MK, 4 * MASKB
.buffer WK0, N * 16                     ; w1..w4 of a block (double-buffered)
.buffer WK1, N * 16
.buffer OFF0, N * 16                    ; GM byte offsets of the four corners
.buffer OFF1, N * 16
.buffer CB0, 4 * N * DPB                ; gathered corners [4][N][DP] (storage type)
.buffer CB1, 4 * N * DPB
.if F16
.buffer CF, N * DP * 4                  ; one corner widened to f32
.endif
.buffer WB, N * DP * 4                  ; a weight broadcast along the channels
.buffer R, N * DP * 4                   ; sampled values [N][DP] f32
.buffer TT, D * N * 4                   ; transpose table: (d, i) -> (i * DP + d) * 4
.buffer RT0, D * N * 4                  ; sampled values [D][N] f32, out to GM
.buffer RT1, D * N * 4

; Flags. MTE2->V b: grid of a block in GR_b; 2+b: corners in CB_b. V->MTE2 b: offsets in OFF_b
; (and GR_b consumed); 2+b: CB_b free. V->MTE3 b: RT_b ready. MTE3->V b: RT_b stored.

.reg t0, r0
.reg t1, r1
.reg t2, r2
.reg t3, r3
.reg pval, r4
.reg pgrid, r5
.reg pout, r6
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
.reg s0, r17                    ; block k: first sample, length
.reg n0, r18
.reg s1, r19                    ; block k + 1
.reg n1, r20
.reg s2, r21                    ; block k + 2
.reg n2, r22
.reg vbase, r23
.reg bstride, r24
.reg lo, r25

.include "bilinear.inc"

; Copy the grid pairs of block (\s, \n) into GR\b.
.macro LOAD_GRID b, s, n
        mul t1, \s, 2 * ES
        add t1, t1, pgrid
        mul t2, \n, 2 * ES
        copy_gm_ub_pad GR\b, t1, 1, t2, 0, 0
        set_flag MTE2, V, \b
.endm

; V: weights and offsets of a block whose grid is in GR\b.
.macro PREP b
        wait_flag MTE2, V, \b
.if F16
        vcvt.f32.f16 GF, GR\b, 2 * N, rn
        BILINEAR GF, WK\b, FK, MK
.else
        BILINEAR GR\b, WK\b, FK, MK
.endif
        CORNER_OFFSETS OFF\b, MK, pixb, rowb, 0
        set_flag V, MTE2, \b
.endm

; MTE2: the four corners of block (s0, n0): n0 pieces of D * ES bytes each.
.macro GATHER b
        div t1, s0, qp                  ; bm
        div t2, t1, nh                  ; b
        rem t1, t1, nh                  ; m
        mul t2, t2, bstride
        mul t1, t1, D * ES
        add t1, t1, t2
        add t1, t1, vbase
        add t1, t1, pval                ; (b, level start, m)
        wait_flag V, MTE2, \b
        wait_flag V, MTE2, 2 + \b
        gather_gm CB\b, t1, OFF\b, n0, D * ES
        gather_gm CB\b + N * DPB, t1, OFF\b + N * 4, n0, D * ES
        gather_gm CB\b + 2 * N * DPB, t1, OFF\b + N * 8, n0, D * ES
        gather_gm CB\b + 3 * N * DPB, t1, OFF\b + N * 12, n0, D * ES
        set_flag MTE2, V, 2 + \b
.endm

; V: sampled[i][:] = sum_k w_k[i] corner_k[i][:], then transposed to RT\b [D][N].
.macro WEIGHTED b
        wait_flag MTE2, V, 2 + \b
.if F16
        vcvt.f32.f16 CF, CB\b, N * DP, rn
        vbcast.f32 WB, WK\b, DP, N * DP
        vmul.f32 R, WB, CF, N * DP
        vcvt.f32.f16 CF, CB\b + N * DPB, N * DP, rn
        vbcast.f32 WB, WK\b + N * 4, DP, N * DP
        vmla.f32 R, WB, CF, N * DP
        vcvt.f32.f16 CF, CB\b + 2 * N * DPB, N * DP, rn
        vbcast.f32 WB, WK\b + N * 8, DP, N * DP
        vmla.f32 R, WB, CF, N * DP
        vcvt.f32.f16 CF, CB\b + 3 * N * DPB, N * DP, rn
        vbcast.f32 WB, WK\b + N * 12, DP, N * DP
        vmla.f32 R, WB, CF, N * DP
.else
        vbcast.f32 WB, WK\b, DP, N * DP
        vmul.f32 R, WB, CB\b, N * DP
        vbcast.f32 WB, WK\b + N * 4, DP, N * DP
        vmla.f32 R, WB, CB\b + N * DPB, N * DP
        vbcast.f32 WB, WK\b + N * 8, DP, N * DP
        vmla.f32 R, WB, CB\b + 2 * N * DPB, N * DP
        vbcast.f32 WB, WK\b + N * 12, DP, N * DP
        vmla.f32 R, WB, CB\b + 3 * N * DPB, N * DP
.endif
        set_flag V, MTE2, 2 + \b        ; CB free
        wait_flag MTE3, V, \b          ; RT free (block k - 2 stored)
        gather.f32 RT\b, R, TT, D * N
        set_flag V, MTE3, \b
.endm

; MTE3: D rows of n0 samples to out[bm, d, i0 ..].
.macro STORE b
        div t1, s0, qp                  ; bm
        mul t1, t1, qp
        mul t1, t1, D - 1
        add t1, t1, s0                  ; bm * D * QP + i0
        shl t1, t1, 2
        add t1, t1, pout
        shl t2, n0, 2                   ; bytes per row
        add t3, t2, 31
        and t3, t3, -32
        mov t0, N * 4
        sub t0, t0, t3
        shr t0, t0, 5                   ; UB gap in 32-byte units
        sub t3, qp, n0
        shl t3, t3, 2                   ; GM gap
        wait_flag V, MTE3, \b
        copy_ub_gm_pad t1, RT\b, D, t2, t0, t3
        set_flag MTE3, V, \b
.endm

; One pipelined step on buffer set \b; leaves for `done` when block k does not exist.
.macro STEP b, o
        ble n0, 0, done
        GATHER \b
        ble n2, 0, .nogrid\@
        LOAD_GRID \b, s2, n2
.nogrid\@:
        ble n1, 0, .noprep\@
        PREP \o
.noprep\@:
        WEIGHTED \b
        STORE \b
        mov s0, s1
        mov n0, n1
        mov s1, s2
        mov n1, n2
        add s2, s2, n2
        BLOCKLEN s2, n2
.endm

        ldparam pval, value
        ldparam pgrid, grid
        ldparam pout, out
        ldparam qp, nqp
        ldparam nh, heads
        ldparam wi, width
        ldparam hf, hgt
        ldparam wf, wdt
        ldparam hm1, hgt1
        ldparam wm1, wdt1
        ldparam vbase, levelbase
        ldparam bstride, batchbytes
        mul pixb, nh, D * ES            ; bytes per pixel of value
        mul rowb, pixb, wi              ; bytes per row of the level
        ldparam t1, total
        corenum t2
        coreid t3
        mul lo, t1, t3
        div lo, lo, t2                  ; this core's samples: [total c / cores, total (c+1) / cores)
        add t3, t3, 1
        mul hi, t1, t3
        div hi, hi, t2

        DEINTERLEAVE_TABLES
        ; TT[d][i] = (i * DP + d) * 4
        vci.i32 IW, 0, N
        vmuls.i32 IW, IW, DP * 4, N
        mov t1, 0
ttloop:
        shl t2, t1, 2
        mul t3, t1, N * 4
        add t3, t3, TT
        vadds.i32 t3, IW, t2, N
        add t1, t1, 1
        blt t1, D, ttloop

        set_flag V, MTE2, 2             ; both corner buffers and both result buffers start free
        set_flag V, MTE2, 3
        set_flag MTE3, V, 0
        set_flag MTE3, V, 1

        mov s0, lo
        BLOCKLEN s0, n0
        add s1, s0, n0
        BLOCKLEN s1, n1
        add s2, s1, n1
        BLOCKLEN s2, n2
        ble n0, 0, done
        LOAD_GRID 0, s0, n0
        ble n1, 0, .prologue
        LOAD_GRID 1, s1, n1
.prologue:
        PREP 0
loop:
        STEP 0, 1
        STEP 1, 0
        jmp loop
done:
        wait_flag V, MTE2, 2
        wait_flag V, MTE2, 3
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        end
