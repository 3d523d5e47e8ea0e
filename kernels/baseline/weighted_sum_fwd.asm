; weighted_sum_fwd.asm: the baseline's second forward kernel (kernel-strategies.md design 1;
; docs/MSDA-baseline.md): out[bm, d, q] = sum over l, p of sampled_l[bm, d, q, p] * a[bm, q, l, p],
; what `(torch.stack(sampled, -2).flatten(-2) * attention_weights).sum(-1)` computes, fused
; into one kernel. The sampled values come from GM (the grid-sample launches' outputs).
;
; Per unit (bm, QB queries, DB channels; weighted_sum.inc): copy the unit's attention weights
; [QB][L*P] and reorder them with one UB gather (host table) to [L][QB*P] f32; per level copy the
; DB rows of QBc * P sampled values (double-buffered across levels and units) and accumulate
; acc[d] += rows[d] * a_l (one vmla of QB*P lanes per row); at the unit's end sum the P points
; (vgsum) and write DB rows of QBc outputs.
;
; Switches (-D; the driver sets all): F16 (attention weights and out fp16), L, P, D, QB (a
; multiple of 16), DB (channels per unit, divides D), UB.

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

.equ ES, 4 - 2 * F16
.equ QBP, QB * P                ; lanes of one row block
.equ LQBP, L * QBP

.param s0, gm.f32               ; sampled values of level l: [bs*M, D, Q*P] f32
.if L > 1
.param s1, gm.f32
.endif
.if L > 2
.param s2, gm.f32
.endif
.if L > 3
.param s3, gm.f32
.endif
.if L > 4
.param s4, gm.f32
.endif
.if L > 5
.param s5, gm.f32
.endif
.if L > 6
.param s6, gm.f32
.endif
.if L > 7
.param s7, gm.f32
.endif
.if F16
.param attn, gm.f16             ; [bs*M, Q, L*P]
.param out, gm.f16              ; [bs*M, D, Q]
.else
.param attn, gm.f32
.param out, gm.f32
.endif
.param tab, gm.u32              ; [L][QB][P]: byte offset of a(q, l, p) in AR, (q L P + l P + p) * 4
.param units, i64               ; bs*M * ceil(Q / QB) * D / DB
.param nqueries, i64            ; Q

.buffer LT, 64                  ; the L level addresses
.buffer GT, LQBP * 4
.buffer AR, align(QB * L * P * ES, 32)
.if F16
.buffer AF, QB * L * P * 4
.equ ASRC, AF
.else
.equ ASRC, AR
.endif
.buffer AP, LQBP * 4            ; [L][QB][P] f32
.buffer SB0, DB * QBP * 4
.buffer SB1, DB * QBP * 4
.buffer ACC, DB * QBP * 4
.buffer OB, DB * QB * 4

; Flags. MTE2->V j (0, 1): rows in SB_j; 4: weights in AR. V->MTE2 j: SB_j free; 4: AR free.
; V->MTE3 0: OB ready. MTE3->V 0: OB stored. MTE2->S 0: tables loaded.

.reg t0, r0
.reg t1, r1
.reg t2, r2
.reg t3, r3
.reg t4, r4
.reg pattn, r5
.reg pout, r6
.reg nq, r7
.reg nunits, r8
.reg ncores, r9
.reg upb, r10                   ; units per bm
.reg ndb, r11                   ; channel blocks
.reg cu, r12                    ; current item: unit, level
.reg cl, r13
.reg nu, r14                    ; next item
.reg nl, r15
.reg bm, r16
.reg q0, r17
.reg qbc, r18
.reg d0, r19
.reg ra, r20
.reg rs, r21
.reg rap, r22
.reg rend, r23

.include "weighted_sum.inc"

; MTE2: the copies of item (\u, \l) into SB\j (and the unit's weights first when \l = 0).
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

; V (and MTE3 at a unit's end): item (cu, cl) from SB\j.
.macro COMPUTE j
        DECODE cu
        bne cl, 0, .acc\@
        wait_flag MTE2, V, 4
.if F16
        vcvt.f32.f16 AF, AR, QB * L * P, rn
.endif
        gather.f32 AP, ASRC, GT, LQBP
        set_flag V, MTE2, 4
        vdup.f32 ACC, 0.0, DB * QBP
.acc\@:
        mul rap, cl, QBP * 4
        add rap, rap, AP
        mov ra, ACC
        mov rs, SB\j
        add rend, ra, DB * QBP * 4
        wait_flag MTE2, V, \j
.row\@:
        vmla.f32 ra, rs, rap, QBP
        add ra, ra, QBP * 4
        add rs, rs, QBP * 4
        blt ra, rend, .row\@
        set_flag V, MTE2, \j
        add t0, cl, 1
        blt t0, L, .done\@
        wait_flag MTE3, V, 0
        vgsum.f32 OB, ACC, P, DB * QBP
.if F16
        vcvt.f16.f32 OB, OB, DB * QB, rn
.endif
        set_flag V, MTE3, 0
        mul t1, bm, D
        add t1, t1, d0
        mul t1, t1, nq
        add t1, t1, q0
        mul t1, t1, ES
        add t1, t1, pout
        mul t2, qbc, ES
        sub t3, nq, qbc
        mul t3, t3, ES
        add t0, t2, 31
        and t0, t0, -32
        mov t4, QB * ES
        sub t0, t4, t0
        shr t0, t0, 5
        wait_flag V, MTE3, 0
        copy_ub_gm_pad t1, OB, DB, t2, t0, t3
        set_flag MTE3, V, 0
.done\@:
.endm

; One item on buffer \j: first the next item's copies into SB\o, then this item's work.
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
        ldparam pout, out
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
        ldparam t0, tab
        copy_gm_ub_pad GT, t0, 1, LQBP * 4, 0, 0
        set_flag MTE2, V, 5
        wait_flag MTE2, V, 5
        set_flag V, MTE2, 0             ; row buffers, weights and output start free
        set_flag V, MTE2, 1
        set_flag V, MTE2, 4
        set_flag MTE3, V, 0
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
        end
