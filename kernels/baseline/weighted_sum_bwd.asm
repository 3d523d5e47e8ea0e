; weighted_sum_bwd.asm: the backward of the baseline's multiply-and-sum (kernel-strategies.md
; design 1; docs/MSDA-baseline.md). With g[bm, d, q] the output gradient:
;   grad_sampled_l[bm, d, q, p] = g[bm, d, q] * a[bm, q, l, p]        (written per level, f32)
;   grad_attn[bm, q, l, p]     += sum over d of g[bm, d, q] * sampled_l[bm, d, q, p]
; where sampled_l are the forward's grid-sample outputs (kept by the training forward).
;
; Per unit (bm, QB queries, DB channels; weighted_sum.inc): copy the weights [QB][L*P] and the DB
; rows of g; reorder the weights to [L][QB*P] (UB gather, host table `tab`); broadcast g along
; the points (vbcast: gb[d][q*P + p] = g[d][q]). Per level (rows double-buffered): copy DB rows of
; sampled_l; per row d: gs[d] = gb[d] * a_l (stored, double-buffered against MTE3) and
; ga_l += gb[d] * sampled_l[d]. At the unit's end reorder ga to [QB][L*P] (UB gather, `tab2`) and
; add it to grad_attn with one atomic add (the channel blocks of a query block add up there).
;
; Switches (-D): F16 (attention weights and g fp16), L, P, D, QB, DB, UB.

.ifndef UB
.equ UB, 196608
.endif
.ubsize UB
.ifndef F16
.equ F16, 0
.endif
; Defaults for assembling the kernel on its own (vasm, tests); the driver sets every one.
.ifndef L
.equ L, 2
.endif
.ifndef P
.equ P, 4
.endif
.ifndef D
.equ D, 32
.endif
.ifndef QB
.equ QB, 64
.endif
.ifndef DB
.equ DB, 8
.endif
.if QB < 16 || QB % 16 != 0
.error "QB must be a positive multiple of 16"
.endif
.if L < 1 || L > 8 || P < 1 || P > 8
.error "L and P must be 1..8"
.endif
.if DB < 1 || D % DB != 0
.error "DB must divide D"
.endif
.if QB * L * P * 4 > 65535
.error "QB * L * P * 4 must fit one atomic piece (65535 bytes)"
.endif

.equ ES, 4 - 2 * F16
.equ QBP, QB * P
.equ LQBP, L * QBP

.param s0, gm.f32               ; sampled values of level l (forward): [bs*M, D, Q*P] f32
.param g0, gm.f32               ; grad of the sampled values of level l: [bs*M, D, Q*P] f32
.if L > 1
.param s1, gm.f32
.param g1, gm.f32
.endif
.if L > 2
.param s2, gm.f32
.param g2, gm.f32
.endif
.if L > 3
.param s3, gm.f32
.param g3, gm.f32
.endif
.if L > 4
.param s4, gm.f32
.param g4, gm.f32
.endif
.if L > 5
.param s5, gm.f32
.param g5, gm.f32
.endif
.if L > 6
.param s6, gm.f32
.param g6, gm.f32
.endif
.if L > 7
.param s7, gm.f32
.param g7, gm.f32
.endif
.if F16
.param attn, gm.f16             ; [bs*M, Q, L*P]
.param gout, gm.f16             ; [bs*M, D, Q]
.else
.param attn, gm.f32
.param gout, gm.f32
.endif
.param gattn, gm.f32            ; [bs*M, Q, L*P] f32, zeroed by the host, atomically added
.param tab, gm.u32              ; [L][QB][P]: (q L P + l P + p) * 4
.param tab2, gm.u32             ; [QB][L][P]: (l QB P + q P + p) * 4
.param units, i64
.param nqueries, i64

.buffer LT, 64                  ; sampled_l addresses
.buffer LG, 64                  ; grad_sampled_l addresses
.buffer ZOFF, 32                ; one u32 0: the offset of the atomic add
.buffer GT, LQBP * 4
.buffer GT2, LQBP * 4
.buffer AR, align(QB * L * P * ES, 32)
.buffer GR, DB * QB * ES
.if F16
.buffer AF, QB * L * P * 4
.buffer GF, DB * QB * 4
.equ ASRC, AF
.equ GSRC, GF
.else
.equ ASRC, AR
.equ GSRC, GR
.endif
.buffer AP, LQBP * 4            ; weights [L][QB][P] f32
.buffer GB, DB * QBP * 4        ; g broadcast along the points
.buffer GA, LQBP * 4            ; grad_attn [L][QB][P]
.buffer GAT, LQBP * 4           ; grad_attn [QB][L][P]
.buffer SB0, DB * QBP * 4
.buffer SB1, DB * QBP * 4
.buffer OB0, DB * QBP * 4       ; grad_sampled rows
.buffer OB1, DB * QBP * 4

; Flags. MTE2->V j: rows in SB_j; 4: weights and g in AR, GR. V->MTE2 j: SB_j free; 4: AR, GR
; free. V->MTE3 j: OB_j ready; 2: GAT ready. MTE3->V j: OB_j stored; 2: GAT added.

.reg t0, r0
.reg t1, r1
.reg t2, r2
.reg t3, r3
.reg t4, r4
.reg pattn, r5
.reg pgout, r6
.reg nq, r7
.reg nunits, r8
.reg ncores, r9
.reg upb, r10
.reg ndb, r11
.reg cu, r12
.reg cl, r13
.reg nu, r14
.reg nl, r15
.reg bm, r16
.reg q0, r17
.reg qbc, r18
.reg d0, r19
.reg ra, r20
.reg rs, r21
.reg rap, r22
.reg rend, r23
.reg ro, r24
.reg rg, r25
.reg pgattn, r26

.include "weighted_sum.inc"

.macro LOAD j, u, l
        DECODE \u
        bne \l, 0, .rows\@
        mul t1, bm, nq
        add t1, t1, q0
        mul t1, t1, L * P * ES
        add t1, t1, pattn
        mul t2, qbc, L * P * ES
        wait_flag V, MTE2, 4
        copy_gm_ub_pad AR, t1, 1, t2, 0, 0
        mul t1, bm, D                   ; g rows (bm, d0, q0)
        add t1, t1, d0
        mul t1, t1, nq
        add t1, t1, q0
        mul t1, t1, ES
        add t1, t1, pgout
        mul t2, qbc, ES
        sub t3, nq, qbc
        mul t3, t3, ES
        add t0, t2, 31
        and t0, t0, -32
        mov t4, QB * ES
        sub t0, t4, t0
        shr t0, t0, 5
        copy_gm_ub_pad GR, t1, DB, t2, t3, t0
        set_flag MTE2, V, 4
.rows\@:
        ROWS_OFFSET
        shl t2, \l, 3
        add t2, t2, LT
        ld.i64 t2, t2
        add rs, t1, t2
        ROW_GAPS
        wait_flag V, MTE2, \j
        copy_gm_ub_pad SB\j, rs, DB, t2, t3, t0
        set_flag MTE2, V, \j
.endm

.macro COMPUTE j
        DECODE cu
        bne cl, 0, .acc\@
        wait_flag MTE2, V, 4
.if F16
        vcvt.f32.f16 AF, AR, QB * L * P, rn
        vcvt.f32.f16 GF, GR, DB * QB, rn
.endif
        gather.f32 AP, ASRC, GT, LQBP
        vbcast.f32 GB, GSRC, P, DB * QBP
        set_flag V, MTE2, 4
        vdup.f32 GA, 0.0, LQBP
.acc\@:
        mul rap, cl, QBP * 4
        add rap, rap, AP
        mul rg, cl, QBP * 4
        add rg, rg, GA
        mov ra, GB
        mov rs, SB\j
        mov ro, OB\j
        add rend, ra, DB * QBP * 4
        wait_flag MTE2, V, \j
        wait_flag MTE3, V, \j
.row\@:
        vmul.f32 ro, ra, rap, QBP
        vmla.f32 rg, ra, rs, QBP
        add ra, ra, QBP * 4
        add rs, rs, QBP * 4
        add ro, ro, QBP * 4
        blt ra, rend, .row\@
        set_flag V, MTE2, \j
        set_flag V, MTE3, \j
        ; grad_sampled rows out
        ROWS_OFFSET
        shl t2, cl, 3
        add t2, t2, LG
        ld.i64 t2, t2
        add t1, t1, t2
        ROW_GAPS
        wait_flag V, MTE3, \j
        copy_ub_gm_pad t1, OB\j, DB, t2, t0, t3
        set_flag MTE3, V, \j
        add t0, cl, 1
        blt t0, L, .done\@
        wait_flag MTE3, V, 2
        gather.f32 GAT, GA, GT2, LQBP
        set_flag V, MTE3, 2
        mul t1, bm, nq
        add t1, t1, q0
        mul t1, t1, L * P * 4
        add t1, t1, pgattn
        mul t2, qbc, L * P * 4
        wait_flag V, MTE3, 2
        scatter_add.f32 t1, GAT, ZOFF, 1, t2
        set_flag MTE3, V, 2
.done\@:
.endm

.macro STEP j, o
        bge cu, nunits, finish
        add nl, cl, 1
        mov nu, cu
        blt nl, L, .next\@
        mov nl, 0
        add nu, cu, ncores
.next\@:
        bge nu, nunits, .nocopy\@
        LOAD \o, nu, nl
.nocopy\@:
        COMPUTE \j
        mov cu, nu
        mov cl, nl
.endm

        ldparam pattn, attn
        ldparam pgout, gout
        ldparam pgattn, gattn
        ldparam nq, nqueries
        ldparam nunits, units
        corenum ncores
        add upb, nq, QB - 1
        div upb, upb, QB
        mov ndb, D / DB
        mul upb, upb, ndb
        LEVEL_ADDR LT, 0, s0
        LEVEL_ADDR LT, 1, s1
        LEVEL_ADDR LT, 2, s2
        LEVEL_ADDR LT, 3, s3
        LEVEL_ADDR LT, 4, s4
        LEVEL_ADDR LT, 5, s5
        LEVEL_ADDR LT, 6, s6
        LEVEL_ADDR LT, 7, s7
        LEVEL_ADDR LG, 0, g0
        LEVEL_ADDR LG, 1, g1
        LEVEL_ADDR LG, 2, g2
        LEVEL_ADDR LG, 3, g3
        LEVEL_ADDR LG, 4, g4
        LEVEL_ADDR LG, 5, g5
        LEVEL_ADDR LG, 6, g6
        LEVEL_ADDR LG, 7, g7
        st.u32 0, ZOFF
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        ldparam t0, tab
        copy_gm_ub_pad GT, t0, 1, LQBP * 4, 0, 0
        ldparam t0, tab2
        copy_gm_ub_pad GT2, t0, 1, LQBP * 4, 0, 0
        set_flag MTE2, V, 5
        wait_flag MTE2, V, 5
        set_flag V, MTE2, 0
        set_flag V, MTE2, 1
        set_flag V, MTE2, 4
        set_flag MTE3, V, 0
        set_flag MTE3, V, 1
        set_flag MTE3, V, 2
        coreid cu
        mov cl, 0
        bge cu, nunits, finish
        LOAD 0, cu, cl
loop:
        STEP 0, 1
        STEP 1, 0
        jmp loop
finish:
        wait_flag V, MTE2, 0
        wait_flag V, MTE2, 1
        wait_flag V, MTE2, 4
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        wait_flag MTE3, V, 2
        end
