; msda_fwd.asm: multi-scale deformable attention, forward, the UB-gather design (xMSDA).
;
; The design, the host layouts and the loop nest are docs/MSDA-forward.md; the host driver that
; prepares the layouts, picks the -D values below and runs this kernel is Sources/MSDA/Forward*.swift
; (`MSDAForward.run`). In short: per unit (b, m, block of QB queries) and level, the vector unit
; turns the P*QB sampling locations into bilinear weights (attention weight folded in) and UB byte
; offsets once; then for every channel d the channel's plane of that level (or a band of its rows)
; is copied into the UB and all corners are fetched with one UB gather, weighted and accumulated.
;
; Assembly-time switches (`vasm -D NAME=VALUE`; the driver sets all of them):
;   F16=0|1    storage type of every GM tensor (value, locations, weights, output, corners)
;   FUSED=0|1  fp16 only: one 4-byte gather fetches the pair (x0, x1) of a row (half the gathers);
;              needs the slot remap of the padding fix (host layout, docs/MSDA-forward.md)
;   PADFIX=0|1 with FUSED: 1 (default) the host remaps the slots so that no pair starts at UB byte
;              30 mod 32; 0 plain slots and offsets, as without the fix (ablation: on the chip
;              the straddling pairs come back wrong; the model's quirk reproduces that)
;   TRAIN=0|1  also store the gathered corners for the backward (`corners` parameter)
;   QB         queries per block (a multiple of 16): the vector length is N = NP * QB samples
;   NP         points per level P (must equal the `npts` parameter)
;   DMAX       largest D the accumulator is sized for (the `chans` parameter must be <= DMAX)
;   NBUF=1|2   plane buffers: 2 double-buffers the planes across channels
;   UB         UB bytes of the machine (checked by the assembler: .ubsize)
;   PRUNE=0|1  DEFA point pruning, threshold in the `pthr` parameter; BILIN3=0|1 DEFA's
;              three-multiply bilinear form (both inference only: msda_fwd_defa.inc, docs/DEFA.md)
; The plane buffers take what the other buffers leave: sizeof(PB0) - 32 bytes of band capacity
; (the driver reads it from the assembled program to choose the bands).
;
; Traps (impossible configurations, never garbage): 1 npts != NP; 2 chans not a multiple of 8 in
; 8..DMAX; 3 a band does not fit its plane buffer; 4 nlev not in 1..8; 5 a GM gap or byte count
; exceeds the DMA fields (Q too large for this storage type).

.ifndef UB
.equ UB, 196608
.endif
.ubsize UB

.ifndef F16
.equ F16, 0
.endif
.ifndef FUSED
.equ FUSED, 0
.endif
.ifndef PADFIX
.equ PADFIX, 1
.endif
.ifndef TRAIN
.equ TRAIN, 0
.endif
.ifndef QB
.equ QB, 64
.endif
.ifndef NP
.equ NP, 4
.endif
.ifndef DMAX
.equ DMAX, 32
.endif
.ifndef NBUF
.equ NBUF, 2
.endif

.if FUSED && !F16
.error "FUSED=1 (the 4-byte pair gather) needs F16=1"
.endif
.if PADFIX != 0 && PADFIX != 1
.error "PADFIX must be 0 or 1"
.endif
.equ REMAP, FUSED && PADFIX     ; slots remapped (the padding fix's host layout)
.if QB < 16 || QB % 16 != 0
.error "QB must be a positive multiple of 16"
.endif
.if NP < 1 || NP > 8
.error "NP must be 1..8"
.endif
.if DMAX < 8 || DMAX > 256 || DMAX % 8 != 0
.error "DMAX must be a multiple of 8 in 8..256"
.endif
.if NBUF != 1 && NBUF != 2
.error "NBUF must be 1 or 2"
.endif
.ifndef PRUNE
.equ PRUNE, 0                   ; DEFA point pruning (msda_fwd_defa.inc, docs/DEFA.md)
.endif
.ifndef BILIN3
.equ BILIN3, 0                  ; DEFA's three-multiply bilinear form (msda_fwd_defa.inc)
.endif
.if (PRUNE || BILIN3) && TRAIN
.error "PRUNE and BILIN3 are inference switches: TRAIN must be 0"
.endif
.if BILIN3 && (FUSED || PRUNE)
.error "BILIN3 needs the four corners apart (FUSED=0) and PRUNE=0"
.endif

.equ ES, 4 - 2 * F16            ; bytes per stored element
.equ N, NP * QB                 ; samples per (unit, level): lanes of the per-sample vectors
.equ N2, 2 * N
.equ N4, 4 * N
.equ MASKB, align(N / 8, 32)    ; one mask over N lanes
.equ LTROW, 128                 ; bytes per level-table row (16 x i64)

; ---------------------------------------------------------------------------------------------
; Parameters (docs/MSDA-forward.md, "Host layouts")
.if F16
.param value, gm.f16            ; [bs, M, D] records of padded (and, FUSED, remapped) planes
.param samp, gm.f16             ; [3, bs, M, L, P, Q]: x, y, attention weight
.param out, gm.f16              ; outT [bs, M, D, Q]
.if TRAIN
.param corners, gm.f16          ; [bs, M, L, D, 2, P, Q, 2]: (row, point, query, column)
.endif
.else
.param value, gm.f32
.param samp, gm.f32
.param out, gm.f32
.if TRAIN
.param corners, gm.f32
.endif
.endif
.param levels, gm.i64           ; [L, 16] level table (fields below)
.param bs, i64
.param nqueries, i64                  ; Q
.param heads, i64               ; M
.param chans, i64               ; D
.param nlev, i64                ; L
.param npts, i64                ; P
.param record, i64              ; bytes of one (b, m, d) record: all levels' planes
.if PRUNE
.param pthr, f32                ; pruning threshold: samples with |a| < pthr are skipped
.endif

; level-table fields (byte offsets in a row)
.equ LT_HP, 3 * 8               ; padded rows H + 2
.equ LT_WP, 2 * 8               ; padded row length W + 2 (slots)
.equ LT_OFF, 4 * 8              ; byte offset of the level's plane in a record
.equ LT_R, 5 * 8                ; rows per band R (Hp when the plane fits in one band)
.equ LT_NB, 6 * 8               ; bands
.equ LT_HF, 7 * 8               ; H as f32 bits
.equ LT_WF, 8 * 8               ; W as f32 bits
.equ LT_WPF, 9 * 8              ; Wp as f32 bits
.equ LT_RL, 10 * 8              ; R - 1.5 as f32 bits (band test)
.equ LT_ROWB, 11 * 8            ; Wp * ES: bytes per padded row (not FUSED)

; ---------------------------------------------------------------------------------------------
; UB buffers
.buffer LT, 8 * LTROW           ; level table
.if TRAIN
.buffer ZOFF, 32                ; one u32 0: offset table of the band-mode corner scatter_add
.endif
.if F16
.buffer XR, N * 2               ; raw fp16 inputs (MTE2 writes, V converts)
.buffer YR, N * 2
.buffer AR, N * 2
.endif
.buffer F1, N * 4               ; x -> w -> lw      (F32: the input buffers themselves)
.buffer F2, N * 4               ; y -> h -> lh -> a*lh
.buffer F3, N * 4               ; attention weight
.buffer H0, N * 4               ; floor(h) (kept for every band of the level)
.buffer W0, N * 4               ; floor(w)
.buffer T1, N * 4               ; temporaries (band: top padded row relative to the band)
.buffer T2, N * 4               ; (band: slot)
.buffer TI, N * 4               ; (band: slot + 0.5, / 15)
.buffer W12, N2 * 4             ; interleaved weights (w1, w2) per sample, attention folded in
.buffer W34, N2 * 4             ; (w3, w4)
.if FUSED
.buffer OFF, N2 * 4             ; byte offsets of the top pairs [N] then the bottom pairs [N]
.else
.buffer OFF, N4 * 4             ; byte offsets [top: (x0, x1) x N][bottom: (x0, x1) x N]
.buffer PAT, N2 * 4             ; (0, ES, 0, ES, ...)
.endif
.buffer MA, MASKB               ; valid samples
.buffer MB, MASKB               ; scratch mask
.buffer MC, MASKB               ; valid and in this band
.buffer ALT, align(N2 / 8, 32)  ; odd lanes (0xAA bytes)
.equ GBYTES, N4 * ES            ; one channel's gathered corners in the storage type
.buffer GB0, GBYTES
.if TRAIN
.buffer GB1, GBYTES             ; double-buffered: MTE3 stores one while V gathers the other
.else
.equ GB1, GB0
.endif
.if F16
.buffer G32, N4 * 4             ; the corners widened to f32
.equ BA, G32                    ; weight-interleave temporaries (V only, dead between channels)
.equ BB, G32 + N2 * 4
.elif TRAIN
.buffer BA, N2 * 4
.buffer BB, N2 * 4
.else
.equ BA, GB0
.equ BB, GB0 + N2 * 4
.endif
.buffer ACC, DMAX * QB * 8      ; [D][2*QB] f32: interleaved (left, right) partial sums

.equ PLANEBUF, ((UB - (ACC + sizeof(ACC))) / NBUF) / 32 * 32
.if PLANEBUF < 64
.error "no room left for a plane buffer: lower QB or DMAX"
.endif
.equ PLANE, PLANEBUF - 32       ; band capacity; the last 32 bytes of each buffer stay zero
.buffer PB0, PLANEBUF
.if NBUF == 2
.buffer PB1, PLANEBUF
.equ FK1, 1
.else
.equ PB1, PB0
.equ FK1, 0
.endif
.equ FK0, 0

; Flags. V->MTE2: 0/FK1 plane buffer free, 2 input buffers free. MTE2->V: 0/FK1 plane ready,
; 2 inputs ready. V->MTE3: 0 output ready, 1/2 corners ready. MTE3->V: 0 output written,
; 1/2 corners written. MTE2->S: 0 level table loaded. S->MTE3: 0 ZOFF written.

; ---------------------------------------------------------------------------------------------
; Registers
.reg t0, r0
.reg pval, r1
.reg psamp, r2
.reg pout, r3
.reg pcorn, r4
.reg nq, r5                     ; Q
.reg nd, r6                     ; D
.reg nl, r7                     ; L
.reg ncores, r8
.reg nunits, r9
.reg nblk, r10
.reg u, r11                     ; unit
.reg l, r12                     ; level
.reg j, r13                     ; band
.reg d, r14                     ; channel
.reg q0, r15                    ; first query of the unit
.reg bm, r16                    ; b * M + m
.reg qbytes, r17                ; QBc * ES: bytes of the unit's queries in one row
.reg gmgap, r18                 ; (Q - QBc) * ES
.reg ubgap, r19                 ; (QB * ES - align32(QBc * ES)) / 32
.reg gaddr, r20                 ; GM address of the plane band being copied
.reg bbytes, r21                ; bytes of the band
.reg accd, r22                  ; ACC row of channel d
.reg ccur, r23                  ; corners: GM address of (b, m, l, d, row 0, point 0, q0)
.reg nb, r24                    ; bands of the current level
.reg cbytes, r25                ; 2 * QBc * ES
.reg cub, r26                   ; (2 * QB * ES - align32(2 * QBc * ES)) / 32
.reg cgm, r27                   ; 2 * (Q - QBc) * ES
.reg lrow, r28                    ; level-table row of level l
.reg t1, r29
.reg t2, r30
.reg t3, r31

.include "msda_common.inc"      ; shared with msda_bwd.asm: SAMPLE_HW, BAND_GEOMETRY, BAND_OFFSETS
.include "msda_fwd_defa.inc"

; ---------------------------------------------------------------------------------------------
; Macros

; Per (unit, level), once: bilinear weights with the attention weight folded in, interleaved
; as (w1, w2) and (w3, w4) per sample, and floor(h), floor(w) and the valid mask for the bands.
; t1 = H (f32 bits), t2 = W (f32 bits).
.macro PREP
        wait_flag MTE2, V, 2
.if F16
        vcvt.f32.f16 F1, XR, N, rn
        vcvt.f32.f16 F2, YR, N, rn
        vcvt.f32.f16 F3, AR, N, rn
        set_flag V, MTE2, 2             ; raw inputs consumed
.endif
        SAMPLE_HW F2, F1, F2, F1        ; h, w in place, MA, H0 = h0, W0 = w0 (msda_common.inc);
                                        ; invalid samples' offsets point at zeros
        vadds.f32 T1, H0, 1.0, N
        vsub.f32 T1, T1, F2, N          ; hh = (h0 + 1) - h  (= 1 - lh, one rounding)
        vsub.f32 F2, F2, H0, N          ; lh
        vadds.f32 T2, W0, 1.0, N
        vsub.f32 T2, T2, F1, N          ; hw
        vsub.f32 F1, F1, W0, N          ; lw
.if BILIN3
        BILIN3_PREP
.else
        vmul.f32 T1, T1, F3, N          ; a * hh
        vmul.f32 F2, F2, F3, N          ; a * lh
        vbcast.f32 BA, T2, 2, N2        ; (hw, hw)
        vbcast.f32 BB, F1, 2, N2        ; (lw, lw)
        vsel.f32 BA, ALT, BB, BA, N2    ; (hw, lw)
        vbcast.f32 BB, T1, 2, N2
        vmul.f32 W12, BB, BA, N2        ; (a hh hw, a hh lw) = (w1, w2)
        vbcast.f32 BB, F2, 2, N2
        vmul.f32 W34, BB, BA, N2        ; (a lh hw, a lh lw) = (w3, w4)
.endif
.if PRUNE
        PRUNE_PREP
.endif
.if !F16
        set_flag V, MTE2, 2             ; F1..F3 (the fp32 input buffers) consumed
.endif
.endm

; acc[d] += (w1, w2) * top pair + (w3, w4) * bottom pair, point by point (2 * QB lanes each).
.macro MLA_POINTS src, p
        vmla.f32 accd, W12 + (\p) * QB * 8, \src + (\p) * QB * 8, 2 * QB
        vmla.f32 accd, W34 + (\p) * QB * 8, \src + N2 * 4 + (\p) * QB * 8, 2 * QB
.if (\p) + 1 < NP
        MLA_POINTS \src, (\p) + 1
.endif
.endm

; Band mode: one atomic add per (row, point) block (the GM corners start as zeros; the samples
; of other bands gathered exact zeros, so the sum over bands is the corner value).
.macro SCATTER_BLOCKS gb, i
        scatter_add.f32 t1, \gb + (\i) * QB * 2 * ES, ZOFF, 1, cbytes
        add t1, t1, t2
.if (\i) + 1 < 2 * NP
        SCATTER_BLOCKS \gb, (\i) + 1
.endif
.endm
.macro SCATTER_BLOCKS16 gb, i
        scatter_add.f16 t1, \gb + (\i) * QB * 2 * ES, ZOFF, 1, cbytes
        add t1, t1, t2
.if (\i) + 1 < 2 * NP
        SCATTER_BLOCKS16 \gb, (\i) + 1
.endif
.endm

; One channel d with plane buffer k (PB\k, flag FK\k) and gather buffer GB\k; first issues the
; copy of channel d + 1 into the other plane buffer.
.macro CHANNEL k, o
        add t0, d, 1
        bge t0, nd, .last\@
        add gaddr, gaddr, t3            ; t3 = record bytes
        wait_flag V, MTE2, FK\o
        copy_gm_ub_pad PB\o, gaddr, 1, bbytes, 0, 0
        set_flag MTE2, V, FK\o
.last\@:
.if TRAIN
        wait_flag MTE3, V, 1 + \k       ; GB\k has been stored
.endif
        wait_flag MTE2, V, FK\k
.if PRUNE
        PRUNE_GATHER \k
.elif FUSED
        gather.u32 GB\k, PB\k, OFF, N2
.elif F16
        gather.f16 GB\k, PB\k, OFF, N4
.else
        gather.f32 GB\k, PB\k, OFF, N4
.endif
        set_flag V, MTE2, FK\k          ; the plane buffer may be refilled
.if TRAIN
        set_flag V, MTE3, 1 + \k
        wait_flag V, MTE3, 1 + \k
        bgt nb, 1, .atomic\@
        copy_ub_gm_pad ccur, GB\k, 2 * NP, cbytes, cub, cgm
        jmp .stored\@
.atomic\@:
        mov t1, ccur
        mul t2, nq, 2 * ES              ; GM stride of the (row, point) blocks
.if F16
        SCATTER_BLOCKS16 GB\k, 0
.else
        SCATTER_BLOCKS GB\k, 0
.endif
.stored\@:
        set_flag MTE3, V, 1 + \k
        mul t2, nq, 4 * NP * ES         ; corner slab bytes: next channel
        add ccur, ccur, t2
.endif
.if PRUNE
        PRUNE_MLA \k
.elif BILIN3
        BILIN3_MLA \k
.elif F16
        vcvt.f32.f16 G32, GB\k, N4, rn
        MLA_POINTS G32, 0
.else
        MLA_POINTS GB\k, 0
.endif
        add accd, accd, QB * 8 / (1 + BILIN3)    ; BILIN3: rows of QB sums, nothing to pair up
        add d, d, 1
.endm

; ---------------------------------------------------------------------------------------------
; Start: parameters, checks, constants.
        ldparam pval, value
        ldparam psamp, samp
        ldparam pout, out
.if TRAIN
        ldparam pcorn, corners
.endif
        ldparam nq, nqueries
        ldparam nd, chans
        ldparam nl, nlev
        ldparam t0, npts
        bne t0, NP, bad_points
        blt nd, 8, bad_channels
        bgt nd, DMAX, bad_channels
        and t0, nd, 7
        bne t0, 0, bad_channels
        blt nl, 1, bad_levels
        bgt nl, 8, bad_levels
        mul t0, nq, 2 * ES              ; the widest GM gap/stride is 2 * Q * ES bytes
        bgt t0, 4294967295, bad_size
        corenum ncores
        coreid u
        add nblk, nq, QB - 1
        div nblk, nblk, QB
        ldparam t0, bs
        ldparam t1, heads
        mul nunits, t0, t1
        mul nunits, nunits, nblk

        ldparam t0, levels
        shl t1, nl, 7                   ; L * 128 bytes
        copy_gm_ub_pad LT, t0, 1, t1, 0, 0
        set_flag MTE2, S, 0
        wait_flag MTE2, S, 0            ; the scalar unit reads the table

        vdup.i32 ALT, -1431655766, align(N2 / 8, 32) / 4   ; 0xAAAAAAAA: odd lanes
.if !FUSED
        vdup.i32 PAT, ES, N2
        vsels.i32 PAT, ALT, PAT, 0, N2  ; (0, ES, 0, ES, ...)
.endif
        vdup.f32 PB0 + PLANE, 0.0, 8    ; the zero tails that masked offsets point at
.if NBUF == 2
        vdup.f32 PB1 + PLANE, 0.0, 8
.endif
.if TRAIN
        st.u32 0, ZOFF
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        set_flag MTE3, V, 1             ; both corner buffers start free
        set_flag MTE3, V, 2
.endif
        set_flag V, MTE2, FK0           ; plane buffers and input buffers start free
.if NBUF == 2
        set_flag V, MTE2, FK1
.endif
        set_flag V, MTE2, 2
        set_flag MTE3, V, 0             ; the accumulator starts free

; ---------------------------------------------------------------------------------------------
unit_loop:
        bge u, nunits, finish
        div bm, u, nblk                 ; b * M + m
        rem q0, u, nblk
        mul q0, q0, QB
        sub t0, nq, q0
        min t0, t0, QB                  ; QBc: queries in this block
        mul qbytes, t0, ES
        sub gmgap, nq, t0
        mul gmgap, gmgap, ES            ; (Q - QBc) * ES
        add t1, qbytes, 31
        and t1, t1, -32
        mov ubgap, QB * ES
        sub ubgap, ubgap, t1
        shr ubgap, ubgap, 5
.if TRAIN
        shl cbytes, qbytes, 1
        shl cgm, gmgap, 1
        add t1, cbytes, 31
        and t1, t1, -32
        mov cub, 2 * QB * ES
        sub cub, cub, t1
        shr cub, cub, 5
.endif
        mul t1, nd, QB * 2
        wait_flag MTE3, V, 0            ; the last unit's output has left ACC
        vdup.f32 ACC, 0.0, t1
        mov l, 0

level_loop:
        bge l, nl, unit_end
        shl lrow, l, 7
        add lrow, lrow, LT
        ; inputs of (unit, level): P runs of QBc queries from each of the x, y, a planes
        mul t0, bm, nl
        add t0, t0, l
        mul t0, t0, NP
        mul t0, t0, nq
        add t0, t0, q0
        mul t0, t0, ES
        add t0, t0, psamp               ; x of (b, m, l, p = 0, q0)
        ldparam t1, bs
        ldparam t2, heads
        mul t1, t1, t2
        mul t1, t1, nl
        mul t1, t1, NP
        mul t1, t1, nq
        mul t1, t1, ES                  ; bytes of one of the x, y, a planes
.if F16
        wait_flag V, MTE2, 2
        copy_gm_ub_pad XR, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad YR, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad AR, t0, NP, qbytes, gmgap, ubgap
        set_flag MTE2, V, 2
.else
        wait_flag V, MTE2, 2
        copy_gm_ub_pad F1, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad F2, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad F3, t0, NP, qbytes, gmgap, ubgap
        set_flag MTE2, V, 2
.endif
        add t0, lrow, LT_NB
        ld.i64 nb, t0
        mov j, 0

band_loop:
        bge j, nb, level_end
        BAND_GEOMETRY REMAP             ; gaddr, bbytes, t3 = c of band j (msda_common.inc)
        ; GM address of (b, m, d = 0, level l, band j)
        add gaddr, gaddr, pval
        add t1, lrow, LT_OFF
        ld.i64 t1, t1
        add gaddr, gaddr, t1
        ldparam t1, record
        mul t2, bm, nd
        mul t2, t2, t1
        add gaddr, gaddr, t2
        wait_flag V, MTE2, FK0          ; the first channel's plane into PB0
        copy_gm_ub_pad PB0, gaddr, 1, bbytes, 0, 0
        set_flag MTE2, V, FK0
        bne j, 0, .weights_done
        add t1, lrow, LT_HF
        ld.i64 t1, t1                   ; H (f32)
        add t2, lrow, LT_WF
        ld.i64 t2, t2                   ; W (f32)
        PREP
.if PRUNE
        PRUNE_SKIP
.endif
.weights_done:
        BAND_OFFSETS OFF, LT_ROWB, FUSED, REMAP, BILIN3         ; msda_common.inc
        ; channels
.if TRAIN
        mul t0, bm, nl
        add t0, t0, l
        mul t0, t0, nd                  ; (b, m, l, d = 0) slab index
        mul t1, nq, 4 * NP * ES         ; slab bytes
        mul t0, t0, t1
        add t0, t0, pcorn
        mul t1, q0, 2 * ES
        add ccur, t0, t1
.endif
        mov d, 0
        mov accd, ACC
        ldparam t3, record
channel_loop:
        CHANNEL 0, 1
        CHANNEL 1, 0
        blt d, nd, channel_loop
        add j, j, 1
        jmp band_loop

level_end:
        add l, l, 1
        jmp level_loop

unit_end:
        mul t1, nd, QB * 2
.if !BILIN3
        vgsum.f32 ACC, ACC, 2, t1       ; (left + right) sums: [D][QB] f32, in place
.endif
        mul t1, nd, QB
.if F16
        vcvt.f16.f32 ACC, ACC, t1, rn   ; in place (narrowing reads ahead of its writes)
.endif
        set_flag V, MTE3, 0
        mul t0, bm, nd
        mul t0, t0, nq
        add t0, t0, q0
        mul t0, t0, ES
        add t0, t0, pout                ; outT (b, m, d = 0, q0)
        wait_flag V, MTE3, 0
        copy_ub_gm_pad t0, ACC, nd, qbytes, ubgap, gmgap
        set_flag MTE3, V, 0
        add u, u, ncores
        jmp unit_loop

finish:
        wait_flag V, MTE2, FK0          ; consume the "free" primes: no flag may be left set
.if NBUF == 2
        wait_flag V, MTE2, FK1
.endif
        wait_flag V, MTE2, 2
        wait_flag MTE3, V, 0
.if TRAIN
        wait_flag MTE3, V, 1
        wait_flag MTE3, V, 2
.endif
        end

bad_points:
        trap 1
bad_channels:
        trap 2
bad_band:
        trap 3
bad_levels:
        trap 4
bad_size:
        trap 5
