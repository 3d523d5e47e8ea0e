; msda_bwd.asm: multi-scale deformable attention, backward, on the corners stored by the training
; forward (xMSDA design: elementwise work on the stored corners, grad_value by scatter-add with the
; channel axis last so that the pair (x0, x1) of a row is one write).
;
; The layouts and the loop nest are docs/MSDA-backward.md; the host driver that runs the training
; forward, prepares the layouts, picks the -D values below and runs this kernel is
; Sources/MSDA/Backward*.swift (`MSDABackward.run`). In short, per unit (b, m, block of QB queries):
; the grad_output rows of the block are copied in twice per row ((g, g): the pieces' layout) and
; transposed once with a UB gather into G2 [D][2*QB] ((g, g) per query, channel-major). Per level:
; the P*QB samples' bilinear weights (as the forward, without and with the attention weight); per
; channel d the stored corners of (b, m, l, d) are copied in (double-buffered) and the corner dot
; products accumulate, d_k += g[d] * v_k[d]; then grad_value pieces (w_k a g) are built per
; (point, row) and scatter-added (MTE3) while the vector unit goes on, and grad_loc / grad_attn
; follow elementwise from d_1..d_4.
;
; Assembly-time switches (`vasm -D NAME=VALUE`; the driver sets all of them):
;   QB    queries per block (a multiple of 16): N = NP * QB lanes per (unit, level)
;   NP    points per level P (must equal the `npts` parameter)
;   DMAX  largest D the buffers are sized for (the `chans` parameter must be <= DMAX)
;   UB    UB bytes of the machine (checked by the assembler: .ubsize)
;   F16   0|1 storage of the corners, locations/weights, grad_output, grad_attn and grad_loc
;         (fp16: widened to f32 in UB with vcvt before the fp32 math, results narrowed before
;         their stores). grad_value is accumulated in fp32 in GM in both cases (the host
;         rounds it to fp16 once): docs/MSDA-backward.md, "fp16 storage".
;   GATHER 0|1 1: no stored corners (after an inference forward): the kernel gathers the four
;         corners of every sample itself from the value planes (`value`, the forward's host
;         layout: padded, and for FUSED remapped, planes per (b, m, d)), a plane or band per
;         channel copied into PB0/PB1 exactly as msda_fwd.asm does, the band offsets computed
;         once per (unit, level, band) and reused for all D channels
;   FUSED 0|1 GATHER with F16: must be 1: one 4-byte gather fetches the pair (x0, x1) of a row
;         (the forward's slot remap); the 2-byte fp16 gather is not offered (untested)
;   NBUF  1|2 GATHER only: plane buffers (2: double-buffered across channels)
;   SFUSE 0|1 scatter fusion (default 1): one scatter piece of 2D floats per (sample, row), the
;         pair (x0, x1); 0: one scatter_add per pixel of the four (x0 and x1 of the top row, then
;         of the bottom row), pieces of D floats: twice the atomic requests of half the bytes
;   STAGGER 0|1 staggered writes: odd cores run their levels in reverse order, so their scatter
;         phases hit other levels' planes (other 512-byte regions) than the even cores' do
;
; Traps (impossible configurations, never garbage): 1 npts != NP; 2 chans not a multiple of 8 in
; 8..DMAX; 3 (GATHER) a band larger than its plane buffer; 4 nlev not in 1..8; 5 a GM gap or
; offset exceeds the DMA / u32 offset fields.

.ifndef UB
.equ UB, 196608
.endif
.ubsize UB

.ifndef QB
.equ QB, 16
.endif
.ifndef NP
.equ NP, 4
.endif
.ifndef DMAX
.equ DMAX, 32
.endif
.ifndef F16
.equ F16, 0
.endif
.ifndef GATHER
.equ GATHER, 0
.endif
.ifndef FUSED
.equ FUSED, 0
.endif
.ifndef NBUF
.equ NBUF, 2
.endif
.ifndef SFUSE
.equ SFUSE, 1
.endif
.ifndef STAGGER
.equ STAGGER, 0
.endif
.if FUSED && !(F16 && GATHER)
.error "FUSED=1 (the 4-byte pair gather) needs F16=1 and GATHER=1"
.endif
.if F16 && GATHER && !FUSED
.error "GATHER=1 with F16=1 needs FUSED=1 (the fp16 gather of the driver and the tests)"
.endif
.if NBUF != 1 && NBUF != 2
.error "NBUF must be 1 or 2"
.endif

.if QB < 16 || QB % 16 != 0
.error "QB must be a positive multiple of 16"
.endif
.if NP < 1 || NP > 8
.error "NP must be 1..8"
.endif
.if DMAX < 8 || DMAX > 256 || DMAX % 8 != 0
.error "DMAX must be a multiple of 8 in 8..256"
.endif

.equ N, NP * QB                 ; samples per (unit, level)
.equ N2, 2 * N
.equ N4, 4 * N
.equ MASKB, align(N / 8, 32)
.equ LTROW, 128                 ; bytes per level-table row (16 x i64)
.equ GHROW, align(2 * DMAX, 32)   ; F16: bytes per fp16 grad_output row in GH (32-byte aligned rows)
.equ ES, 4 - 2 * F16            ; bytes per stored element (value planes, GATHER)

; ---------------------------------------------------------------------------------------------
; Parameters (docs/MSDA-backward.md, "Host layouts")
.if F16
.if GATHER
.param value, gm.f16            ; [bs, M, D] records of padded (FUSED: remapped) planes (forward layout)
.else
.param corners, gm.f16          ; [bs, M, L, D, 2, P, Q, 2] from the training forward
.endif
.param samp, gm.f16             ; [3, bs, M, L, P, Q]: x, y, attention weight
.param gout, gm.f16             ; grad_output [bs, Q, M * D] (PyTorch layout)
.param tab, gm.u32              ; [D, 2 * QB] byte offsets of the G2 transpose gather (as F16 = 0)
.else
.if GATHER
.param value, gm.f32            ; [bs, M, D] records of padded planes (forward layout)
.else
.param corners, gm.f32          ; [bs, M, L, D, 2, P, Q, 2] from the training forward
.endif
.param samp, gm.f32             ; [3, bs, M, L, P, Q]: x, y, attention weight
.param gout, gm.f32             ; grad_output [bs, Q, M * D] (PyTorch layout)
.param tab, gm.u32              ; [D, 2 * QB] byte offsets of the G2 transpose gather
.endif
.param levels, gm.i64           ; [L, 16] level table (fields below)
.param gvalue, gm.f32           ; [bs, M] records of padded channel-last planes [Hp, Wp, D] (f32 also for F16)
.if F16
.param gattn, gm.f16            ; [bs, M, L, P, Q]
.param gloc, gm.f16             ; [2, bs, M, L, P, Q]: x plane, y plane
.else
.param gattn, gm.f32            ; [bs, M, L, P, Q]
.param gloc, gm.f32             ; [2, bs, M, L, P, Q]: x plane, y plane
.endif
.param bs, i64
.param nqueries, i64            ; Q
.param heads, i64               ; M
.param chans, i64               ; D
.param nlev, i64                ; L
.param npts, i64                ; P
.param grecord, i64             ; bytes of one (b, m) grad_value record (< 2^31)
.if GATHER
.param record, i64              ; bytes of one (b, m, d) value record: all levels' planes
.endif

; level-table fields (byte offsets in a row)
.equ LT_WP, 2 * 8               ; padded row length W + 2 (slots)
.equ LT_OFF, 4 * 8              ; byte offset of the level's grad plane in a record
.equ LT_HF, 5 * 8               ; H as f32 bits
.equ LT_WF, 6 * 8               ; W as f32 bits
.equ LT_WPF, 7 * 8              ; Wp as f32 bits
.equ LT_ROWB, 8 * 8             ; Wp * D * 4: bytes of one padded row of the grad plane
.equ LT_HP, 3 * 8               ; GATHER: padded rows H + 2
.equ LT_VOFF, 9 * 8             ; GATHER: byte offset of the level's value plane in a value record
.equ LT_R, 10 * 8               ; GATHER: rows per band R (Hp when the plane fits in one band)
.equ LT_NB, 11 * 8              ; GATHER: bands
.equ LT_RL, 12 * 8              ; GATHER: R - 1.5 as f32 bits (band test)
.equ LT_VROWB, 13 * 8           ; GATHER: Wp * ES, bytes per padded value row (not FUSED)

; ---------------------------------------------------------------------------------------------
; UB buffers
.buffer LT, 8 * LTROW           ; level table
.buffer TAB, DMAX * QB * 8      ; u32 [D][2*QB]: (q * 2D + d) * 4, the G2 gather offsets
.buffer GREP, QB * DMAX * 8     ; [QB][2D]: (g_q, g_q), grad_output rows twice (MTE2 writes)
.buffer G2, DMAX * QB * 8       ; [D][2*QB]: (g_q[d], g_q[d]) per query
.buffer XI, N * 4               ; inputs x, y, a (MTE2 writes, V reads)
.buffer YI, N * 4
.buffer AI, N * 4
.buffer TH, N * 4               ; h
.buffer TW, N * 4               ; w
.buffer TI, N * 4               ; i32 temporary
.buffer H0, N * 4               ; floor(h) (kept until the offsets are computed)
.buffer W0, N * 4               ; floor(w)
.buffer HH, N * 4               ; hh
.buffer LH, N * 4               ; lh
.buffer AV, N * 4               ; a' = valid ? a : 0
.buffer T1, N * 4               ; temporaries
.buffer T2, N * 4
.buffer HWLW, N2 * 4            ; (hw, lw) per sample
.buffer BA, N2 * 4              ; temporaries
.buffer BB, N2 * 4
.buffer W12, N2 * 4             ; (w1, w2) = (hh hw, hh lw) per sample
.buffer W34, N2 * 4             ; (w3, w4)
.buffer W12A, N2 * 4            ; (w1 a', w2 a')
.buffer W34A, N2 * 4            ; (w3 a', w4 a')
.buffer PM, N2 * 4              ; (-1, +1, -1, +1, ...)
.buffer OFF, N2 * 4             ; u32 byte offsets in the (b, m) grad record: top pairs [N], bottom [N]
.buffer DK, N4 * 4              ; corner dot products [row][p][q][col]: (d1, d2) then (d3, d4)
.buffer CB0, N4 * 4             ; one channel's corners [row][p][q][col] (double-buffered)
.if !GATHER
.buffer CB1, N4 * 4
.endif
.buffer GA, N * 4               ; grad_attn [p][q]   (V writes, MTE3 stores)
.buffer GX, N * 4               ; grad_loc x
.buffer GY, N * 4               ; grad_loc y
.buffer MA, MASKB               ; valid samples
.buffer MB, MASKB               ; scratch mask
.buffer ALT, align(N2 / 8, 32)  ; odd lanes (0xAA bytes)
.buffer PC0, QB * DMAX * 8      ; grad_value pieces of one (point, row): [QB][2D] (double-buffered)
.buffer PC1, QB * DMAX * 8
.if F16
.buffer XH, N * 2               ; f16 x, y, a (MTE2 writes)
.buffer YH, N * 2
.buffer AH, N * 2
.if !GATHER
.buffer CH0, N4 * 2             ; f16 corners of one channel (double-buffered; widened into CB0/CB1)
.buffer CH1, N4 * 2
.endif
.endif
.if GATHER
.if FUSED
.buffer GOFF, N2 * 4            ; gather byte offsets in the band: top pairs [N], bottom pairs [N]
.else
.buffer GOFF, N4 * 4            ; gather byte offsets [top: (x0, x1) x N][bottom: (x0, x1) x N]
.buffer PAT, N2 * 4             ; (0, ES, 0, ES, ...)
.endif
.buffer MC, MASKB               ; valid and in this band
.if F16
.buffer CHG, N4 * 2             ; the gathered fp16 corners of one channel (widened into CB0)
.endif
.endif
.if !SFUSE
.buffer WS, N4 * 4              ; w1 a', w2 a', w3 a', w4 a': four planes of N (the per-pixel pieces)
.buffer OFFR, N2 * 4            ; the right pixels' offsets: OFF + 4D (top [N], bottom [N])
.buffer G1, QB * DMAX * 4       ; [QB][D]: g_q once per row (the per-pixel pieces' factor)
.endif
.if GATHER
; The plane buffers take what the other buffers leave (the driver mirrors this:
; MSDABackwardPlan.planeCapacity); the last 32 bytes of each stay zero (masked gathers read them).
.if !SFUSE
.equ UBEND, G1 + sizeof(G1)
.elif F16
.equ UBEND, CHG + sizeof(CHG)
.else
.equ UBEND, MC + sizeof(MC)
.endif
.equ PLANEBUF, ((UB - UBEND) / NBUF) / 32 * 32
.if PLANEBUF < 64
.error "no room left for a plane buffer: lower QB or DMAX"
.endif
.equ PLANE, PLANEBUF - 32       ; band capacity
.buffer PB0, PLANEBUF
.if NBUF == 2
.buffer PB1, PLANEBUF
.equ FK1, 3
.else
.equ PB1, PB0
.equ FK1, 2
.endif
.equ FK0, 2
.endif

.if F16
; f16 grad_output rows [QB][GHROW bytes] (MTE2 writes, V widens them into GREP), aliased on G2:
; GH is live only at the start of a unit, between the copy (after V -> MTE2 1, i.e. after every
; vector read of G2 and GREP of the previous unit) and the widening into GREP, which precedes the
; G2 gather (the same, in-order, V pipe). GHROW * QB <= 8 * DMAX * QB bytes.
.equ GH, G2
.endif

; Flags. MTE2->V: 0 inputs ready, 1 GREP ready, 2/3 corners CB0/CB1 ready, 4 TAB loaded.
; V->MTE2: 0 inputs free, 1 GREP free, 2/3 CB0/CB1 free. V->MTE3: 0/1 pieces PC0/PC1 ready,
; 2 results ready. MTE3->V: 0/1 PC0/PC1 scattered, 2 results stored, 3 OFF free (the level's
; last scatter has read it). MTE2->S: 0 level table loaded.
; GATHER: MTE2->V and V->MTE2 2/3 are the plane buffers PB0/PB1 (FK0/FK1) instead of CB0/CB1.

; ---------------------------------------------------------------------------------------------
; Registers
.reg t0, r0
.reg pg, r1                     ; grad_output
.reg psamp, r2
.reg pgv, r3                    ; grad_value
.reg pcorn, r4
.reg nq, r5                     ; Q
.reg nd, r6                     ; D
.reg nl, r7                     ; L
.reg ncores, r8
.reg nunits, r9
.reg nblk, r10
.reg u, r11                     ; unit
.reg l, r12                     ; level
.reg gvb, r13                   ; grad_value record of (b, m)
.reg d, r14                     ; channel
.reg q0, r15                    ; first query of the unit
.reg bm, r16                    ; b * M + m
.reg qbytes, r17                ; QBc * 4
.reg gmgap, r18                 ; (Q - QBc) * 4
.reg ubgap, r19                 ; (QB * 4 - align32(QBc * 4)) / 32
.reg ccur, r20                  ; GM address of the corners being copied
.reg gd, r21                    ; G2 row of channel d
.reg n2qd, r22                  ; 2 * QB * D: elements of one pieces buffer
.reg pbytes, r23                ; 8 * D: bytes of one piece (a row pair of D channels)
.reg cbytes, r24                ; 2 * QBc * 4
.reg cub, r25                   ; (2 * QB * 4 - align32(2 * QBc * 4)) / 32
.reg cgm, r26                   ; 2 * (Q - QBc) * 4
.reg lrow, r27                  ; level-table row of level l
.reg nqc, r28                   ; QBc: queries in this block
.reg t1, r29
.reg t2, r30
.reg t3, r31
.if STAGGER
.reg lv, r1                     ; the level processed (odd cores: L - 1 - l); grad_output via ldparam
.else
.reg lv, r12                    ; the level processed: l
.endif
.if GATHER                      ; registers of the corner copies, free without stored corners
.reg j, r24                     ; band
.reg nb, r25                    ; bands of the current level
.reg gaddr, r20                 ; GM address of the plane band being copied
.reg bbytes, r26                ; bytes of the band
.endif

.include "msda_common.inc"      ; shared with msda_fwd.asm: SAMPLE_HW, BAND_GEOMETRY, BAND_OFFSETS

; ---------------------------------------------------------------------------------------------
; Macros

; Per (unit, level): h, w, valid, floor(h), floor(w), hh, lh, (hw, lw), the weights with and
; without a'. t1 = H (f32 bits), t2 = W (f32 bits).
.macro PREP
        wait_flag MTE2, V, 0
.if F16
        vcvt.f32.f16 XI, XH, N, rn
        vcvt.f32.f16 YI, YH, N, rn
        vcvt.f32.f16 AI, AH, N, rn
.endif
        ; h, w, MA, invalid samples h = w = 0 and a' = 0 (AV), x, y, a consumed (flag 0),
        ; H0 = h0, W0 = w0 (msda_common.inc: the forward's set-up)
        SAMPLE_HW TH, TW, YI, XI, a=AI, av=AV, release=0
        vsub.f32 LH, TH, H0, N          ; lh = h - h0 (exact)
        vmuls.f32 HH, LH, -1.0, N
        vadds.f32 HH, HH, 1.0, N        ; hh = 1 - lh
        vsub.f32 T2, TW, W0, N          ; lw
        vmuls.f32 T1, T2, -1.0, N
        vadds.f32 T1, T1, 1.0, N        ; hw = 1 - lw
        vbcast.f32 BA, T1, 2, N2        ; (hw, hw)
        vbcast.f32 BB, T2, 2, N2        ; (lw, lw)
        vsel.f32 HWLW, ALT, BB, BA, N2  ; (hw, lw)
        vbcast.f32 BB, HH, 2, N2
        vmul.f32 W12, BB, HWLW, N2      ; (hh hw, hh lw) = (w1, w2)
        vbcast.f32 BB, LH, 2, N2
        vmul.f32 W34, BB, HWLW, N2      ; (lh hw, lh lw) = (w3, w4)
        vbcast.f32 BB, AV, 2, N2
        vmul.f32 W12A, W12, BB, N2      ; (w1 a', w2 a')
        vmul.f32 W34A, W34, BB, N2      ; (w3 a', w4 a')
.if !SFUSE
        ; the same four products, planar (the per-pixel pieces): (hh hw) a', ... as W12A/W34A
        vmul.f32 BA, HH, T1, N
        vmul.f32 WS, BA, AV, N          ; w1 a'
        vmul.f32 BA, HH, T2, N
        vmul.f32 WS + N * 4, BA, AV, N  ; w2 a'
        vmul.f32 BA, LH, T1, N
        vmul.f32 WS + 2 * N * 4, BA, AV, N      ; w3 a'
        vmul.f32 BA, LH, T2, N
        vmul.f32 WS + 3 * N * 4, BA, AV, N      ; w4 a'
.endif
.endm

; The byte offsets of every sample's top pair (slot s = (h0 + 1) * Wp + w0 + 1 of the padded
; plane) and bottom pair (s + Wp) in the (b, m) grad record; invalid samples point at slot 0 of
; the level (the border, which the host drops; their pieces are zeros anyway).
; t0 = Wp (f32), t1 = level offset (bytes), t2 = Wp * D * 4, t3 = D * 4.
.macro OFFSETS
        wait_flag MTE3, V, 3            ; the previous level's scatters have read OFF
        vadds.f32 T1, H0, 1.0, N
        vmuls.f32 T1, T1, t0, N
        vadd.f32 T1, T1, W0, N
        vadds.f32 T1, T1, 1.0, N        ; s (exact: below 2^24)
        vcvt.i32.f32 OFF, T1, N, rn
        vmuls.i32 OFF, OFF, t3, N
        vadds.i32 OFF, OFF, t1, N       ; top pair
        vadds.i32 OFF + N * 4, OFF, t2, N       ; bottom pair
        vsels.i32 OFF, MA, OFF, t1, N
        vsels.i32 OFF + N * 4, MA, OFF + N * 4, t1, N
.if !SFUSE
        vadds.i32 OFFR, OFF, t3, N2     ; slot s + 1 of both rows (invalid samples: slot 1, border)
.endif
.endm

; dk[row][p] += (g[d], g[d]) * corners[row][p]: 2 * NP vmla of 2 * QB lanes.
.macro MLA_CORNERS src, i
        vmla.f32 DK + (\i) * QB * 8, gd, \src + (\i) * QB * 8, 2 * QB
.if (\i) + 1 < 2 * NP
        MLA_CORNERS \src, (\i) + 1
.endif
.endm

; One channel d with corner buffer CB\k; first issues the copy of channel d + 1 into CB\o.
; t3 = bytes of one channel's corner slab (16 * P * Q).
.macro CHANNEL k, o
        add t0, d, 1
        bge t0, nd, .last\@
        add ccur, ccur, t3
        wait_flag V, MTE2, 2 + \o
.if F16
        copy_gm_ub_pad CH\o, ccur, 2 * NP, cbytes, cgm, cub
.else
        copy_gm_ub_pad CB\o, ccur, 2 * NP, cbytes, cgm, cub
.endif
        set_flag MTE2, V, 2 + \o
.last\@:
        wait_flag MTE2, V, 2 + \k
.if F16
        vcvt.f32.f16 CB\k, CH\k, N4, rn
        set_flag V, MTE2, 2 + \k        ; CH\k may be refilled
        MLA_CORNERS CB\k, 0
.else
        MLA_CORNERS CB\k, 0
        set_flag V, MTE2, 2 + \k        ; CB\k may be refilled
.endif
        add gd, gd, QB * 8
        add d, d, 1
.endm

; grad_value pieces of point p: top row (w1 a' g, w2 a' g) from PC0, bottom row (w3 a' g,
; w4 a' g) from PC1, each one scatter_add of QBc pieces of 2 * D floats.
.macro PIECES p
        wait_flag MTE3, V, 0
        vbcast.f32 PC0, W12A + (\p) * QB * 8, nd, n2qd  ; per query (w1 a' x D, w2 a' x D)
        vmul.f32 PC0, PC0, GREP, n2qd                  ; times (g, g)
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        scatter_add.f32 gvb, PC0, OFF + (\p) * QB * 4, nqc, pbytes
        set_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        vbcast.f32 PC1, W34A + (\p) * QB * 8, nd, n2qd
        vmul.f32 PC1, PC1, GREP, n2qd
        set_flag V, MTE3, 1
        wait_flag V, MTE3, 1
        scatter_add.f32 gvb, PC1, OFF + N * 4 + (\p) * QB * 4, nqc, pbytes
.if (\p) + 1 < NP
        set_flag MTE3, V, 1
        PIECES (\p) + 1
.else
        set_flag MTE3, V, 3             ; OFF is free (MTE3 is in order: every scatter has run)
        set_flag MTE3, V, 1
.endif
.endm

; SFUSE=0: the pieces of point p pixel by pixel: w_k a' g_q for k = 1..4 (QB pieces of D floats
; each, [QB][D]), alternating PC0/PC1, each one scatter_add of QBc pieces at the left (OFF) or
; right (OFFR) pixel of its row. t3 = QB * D (elements of one piece set).
.macro PIXEL_PIECE p, k, buf, f, offs
        wait_flag MTE3, V, \f
        vbcast.f32 \buf, WS + (\k) * N * 4 + (\p) * QB * 4, nd, t3
        vmul.f32 \buf, \buf, G1, t3
        set_flag V, MTE3, \f
        wait_flag V, MTE3, \f
        scatter_add.f32 gvb, \buf, \offs, nqc, pbytes
.endm
.macro PIXEL_PIECES p
        PIXEL_PIECE \p, 0, PC0, 0, OFF + (\p) * QB * 4
        set_flag MTE3, V, 0
        PIXEL_PIECE \p, 1, PC1, 1, OFFR + (\p) * QB * 4
        set_flag MTE3, V, 1
        PIXEL_PIECE \p, 2, PC0, 0, OFF + N * 4 + (\p) * QB * 4
        set_flag MTE3, V, 0
        PIXEL_PIECE \p, 3, PC1, 1, OFFR + N * 4 + (\p) * QB * 4
.if (\p) + 1 < NP
        set_flag MTE3, V, 1
        PIXEL_PIECES (\p) + 1
.else
        set_flag MTE3, V, 3             ; OFF and OFFR are free (MTE3 is in order)
        set_flag MTE3, V, 1
.endif
.endm

; grad_attn, grad_loc from d1..d4. t1 = W (f32), t2 = H (f32).
.macro RESULTS
        wait_flag MTE3, V, 2            ; the previous results have been stored
        vmul.f32 BA, W12, DK, N2
        vmla.f32 BA, W34, DK + N2 * 4, N2
        vgsum.f32 GA, BA, 2, N2         ; w1 d1 + w3 d3 + w2 d2 + w4 d4
        vmul.f32 BA, DK, PM, N2
        vgsum.f32 T1, BA, 2, N2         ; d2 - d1
        vmul.f32 BA, DK + N2 * 4, PM, N2
        vgsum.f32 T2, BA, 2, N2         ; d4 - d3
        vmul.f32 T1, T1, HH, N
        vmla.f32 T1, LH, T2, N          ; hh (d2 - d1) + lh (d4 - d3)
        vmul.f32 T1, T1, AV, N
        vmuls.f32 GX, T1, t1, N         ; * a' * W
        vsub.f32 BA, DK + N2 * 4, DK, N2        ; (d3 - d1, d4 - d2)
        vmul.f32 BA, BA, HWLW, N2
        vgsum.f32 T1, BA, 2, N2         ; hw (d3 - d1) + lw (d4 - d2)
        vmul.f32 T1, T1, AV, N
        vmuls.f32 GY, T1, t2, N         ; * a' * H
.if F16
        vcvt.f16.f32 GA, GA, N, rn      ; in place (narrowing reads ahead of its writes)
        vcvt.f16.f32 GX, GX, N, rn
        vcvt.f16.f32 GY, GY, N, rn
.endif
        set_flag V, MTE3, 2
.endm

.if GATHER
; GATHER: one channel d from plane buffer PB\k (flag FK\k): gather its corners into CB0 (fp16:
; into CHG, widened into CB0), then the corner dot products; first issues the copy of channel
; d + 1's band into the other plane buffer. t3 = value record bytes.
.macro GCHANNEL k, o
        add t0, d, 1
        bge t0, nd, .last\@
        add gaddr, gaddr, t3
        wait_flag V, MTE2, FK\o
        copy_gm_ub_pad PB\o, gaddr, 1, bbytes, 0, 0
        set_flag MTE2, V, FK\o
.last\@:
        wait_flag MTE2, V, FK\k
.if FUSED
        gather.u32 CHG, PB\k, GOFF, N2
.elif F16
        gather.f16 CHG, PB\k, GOFF, N4
.else
        gather.f32 CB0, PB\k, GOFF, N4
.endif
        set_flag V, MTE2, FK\k          ; the plane buffer may be refilled
.if F16
        vcvt.f32.f16 CB0, CHG, N4, rn
.endif
        MLA_CORNERS CB0, 0
        add gd, gd, QB * 8
        add d, d, 1
.endm
.endif

; t0 = byte index of (b, m, lv, p = 0, q0) in a [bs, M, L, P, Q] f32 plane.
.macro SAMPLE_INDEX
        mul t0, bm, nl
        add t0, t0, lv
        mul t0, t0, NP
        mul t0, t0, nq
        add t0, t0, q0
.if F16
        shl t0, t0, 1
.else
        shl t0, t0, 2
.endif
.endm

; t1 = bytes of one [bs, M, L, P, Q] f32 plane.
.macro PLANE_BYTES
        ldparam t1, bs
        ldparam t2, heads
        mul t1, t1, t2
        mul t1, t1, nl
        mul t1, t1, NP
        mul t1, t1, nq
.if F16
        shl t1, t1, 1
.else
        shl t1, t1, 2
.endif
.endm

; ---------------------------------------------------------------------------------------------
; Start: parameters, checks, constants.
.if !STAGGER
        ldparam pg, gout
.endif
        ldparam psamp, samp
        ldparam pgv, gvalue
.if !GATHER
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
        mul t0, nq, 8                   ; the widest GM gap is 2 * Q * 4 bytes
        bgt t0, 4294967295, bad_size
        ldparam t0, grecord
        bgt t0, 2147483647, bad_size    ; offsets are i32 arithmetic, u32 in scatter_add
        ldparam t1, heads
        mul t0, t1, nd
        shl t0, t0, 2                   ; grad_output row stride M * D * 4
        bgt t0, 4294967295, bad_size
        corenum ncores
        coreid u
        add nblk, nq, QB - 1
        div nblk, nblk, QB
        ldparam t0, bs
        mul nunits, t0, t1
        mul nunits, nunits, nblk
        mul n2qd, nd, 2 * QB
.if SFUSE
        shl pbytes, nd, 3
.else
        shl pbytes, nd, 2               ; one pixel: D floats
.endif

        ldparam t0, levels
        shl t1, nl, 7                   ; L * 128 bytes
        copy_gm_ub_pad LT, t0, 1, t1, 0, 0
        set_flag MTE2, S, 0
        ldparam t0, tab
        mul t1, nd, QB * 8
        copy_gm_ub_pad TAB, t0, 1, t1, 0, 0
        set_flag MTE2, V, 4
        wait_flag MTE2, S, 0            ; the scalar unit reads the table
        wait_flag MTE2, V, 4            ; the vector unit reads TAB

        vdup.i32 ALT, -1431655766, align(N2 / 8, 32) / 4   ; 0xAAAAAAAA: odd lanes
        vdup.f32 PM, 1.0, N2
        vsels.f32 PM, ALT, PM, -1.0, N2 ; (-1, +1, ...)
.if GATHER
.if !FUSED
        vdup.i32 PAT, ES, N2
        vsels.i32 PAT, ALT, PAT, 0, N2  ; (0, ES, 0, ES, ...)
.endif
        vdup.f32 PB0 + PLANE, 0.0, 8    ; the zero tails that masked offsets point at
.if NBUF == 2
        vdup.f32 PB1 + PLANE, 0.0, 8
.endif
.endif
        set_flag V, MTE2, 0             ; input, GREP and corner buffers start free
        set_flag V, MTE2, 1
        set_flag V, MTE2, 2
.if !GATHER || NBUF == 2
        set_flag V, MTE2, 3
.endif
        set_flag MTE3, V, 0             ; pieces, results and offsets start free
        set_flag MTE3, V, 1
        set_flag MTE3, V, 2
        set_flag MTE3, V, 3

; ---------------------------------------------------------------------------------------------
unit_loop:
        bge u, nunits, finish
        div bm, u, nblk                 ; b * M + m
        rem q0, u, nblk
        mul q0, q0, QB
        sub t0, nq, q0
        min nqc, t0, QB                 ; QBc
.if F16
        shl qbytes, nqc, 1              ; QBc * 2
        sub gmgap, nq, nqc
        shl gmgap, gmgap, 1             ; (Q - QBc) * 2
        add t1, qbytes, 31
        and t1, t1, -32
        mov ubgap, QB * 2
.else
        shl qbytes, nqc, 2
        sub gmgap, nq, nqc
        shl gmgap, gmgap, 2             ; (Q - QBc) * 4
        add t1, qbytes, 31
        and t1, t1, -32
        mov ubgap, QB * 4
.endif
        sub ubgap, ubgap, t1
        shr ubgap, ubgap, 5
.if !GATHER
        shl cbytes, qbytes, 1
        shl cgm, gmgap, 1
        add t1, cbytes, 31
        and t1, t1, -32
.if F16
        mov cub, 2 * QB * 2
.else
        mov cub, 2 * QB * 4
.endif
        sub cub, cub, t1
        shr cub, cub, 5
.endif
        ldparam t0, grecord
        mul t0, t0, bm
        add gvb, pgv, t0                ; grad record of (b, m)
        ; grad_output rows g[b, q0 .. q0 + QBc, m * D .. m * D + D], each copied twice: GREP [q][2D]
        ldparam t1, heads
        div t2, bm, t1                  ; b
        rem t3, bm, t1                  ; m
        mul t2, t2, nq
        add t2, t2, q0
        mul t2, t2, t1
        add t2, t2, t3
        mul t2, t2, nd
.if F16
        shl t2, t2, 1
.if STAGGER
        ldparam t0, gout
        add t0, t0, t2                  ; &g[b, q0, m * D]
.else
        add t0, pg, t2                  ; &g[b, q0, m * D]
.endif
        sub t1, t1, 1
        mul t1, t1, nd
        shl t1, t1, 1                   ; GM gap after each row: (M - 1) * D * 2
        shl t2, nd, 1                   ; D * 2 bytes per row (UB rows 32-byte aligned: GHROW bytes)
        wait_flag V, MTE2, 1
        copy_gm_ub_pad GH, t0, nqc, t2, t1, 0
        set_flag MTE2, V, 1
        wait_flag MTE2, V, 1
        mov ccur, GH                    ; GH row q
        mov gd, GREP                    ; GREP row q: (g_q, g_q), each half D * 4 bytes (32-aligned)
        shl t3, nd, 2                   ; D * 4
        shl t1, nd, 1
        add t1, t1, 31
        and t1, t1, -32                 ; GH row stride align32(2D) bytes (<= GHROW)
        mov d, 0
.if !SFUSE
        mov t0, G1                      ; G1 row q: g_q once
.endif
widen_rows:
        vcvt.f32.f16 gd, ccur, nd, rn   ; g_q
        add gd, gd, t3
        vcvt.f32.f16 gd, ccur, nd, rn   ; g_q again
        add gd, gd, t3
.if !SFUSE
        vcvt.f32.f16 t0, ccur, nd, rn
        add t0, t0, t3
.endif
        add ccur, ccur, t1
        add d, d, 1
        blt d, nqc, widen_rows
        gather.f32 G2, GREP, TAB, n2qd  ; G2[d][2q + c] = g_q[d] (overwrites GH)
.else
        shl t2, t2, 2
.if STAGGER
        ldparam t0, gout
        add t0, t0, t2                  ; &g[b, q0, m * D]
.else
        add t0, pg, t2                  ; &g[b, q0, m * D]
.endif
        sub t1, t1, 1
        mul t1, t1, nd
        shl t1, t1, 2                   ; GM gap after each row: (M - 1) * D * 4
        shl t2, nd, 2                   ; D * 4 bytes per row
        shr t3, nd, 3                   ; UB gap D * 4 / 32: rows 8D bytes apart
        wait_flag V, MTE2, 1
        copy_gm_ub_pad GREP, t0, nqc, t2, t1, t3
        mov ccur, GREP
        add ccur, ccur, t2
        copy_gm_ub_pad ccur, t0, nqc, t2, t1, t3
.if !SFUSE
        copy_gm_ub_pad G1, t0, nqc, t2, t1, 0   ; g_q once per row (D * 4 bytes, 32-byte multiple)
.endif
        set_flag MTE2, V, 1
        wait_flag MTE2, V, 1
        gather.f32 G2, GREP, TAB, n2qd  ; G2[d][2q + c] = g_q[d]
.endif
        mov l, 0

level_loop:
        bge l, nl, unit_end
.if STAGGER
        ; staggered writes: odd cores take the levels in reverse order
        mov lv, l
        coreid t0
        and t0, t0, 1
        beq t0, 0, level_order_set
        sub lv, nl, l
        sub lv, lv, 1
level_order_set:
.endif
        shl lrow, lv, 7
        add lrow, lrow, LT
        ; inputs of (unit, level): P runs of QBc queries from each of the x, y, a planes
        SAMPLE_INDEX
        add t0, t0, psamp
        PLANE_BYTES
        wait_flag V, MTE2, 0
.if F16
        copy_gm_ub_pad XH, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad YH, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad AH, t0, NP, qbytes, gmgap, ubgap
.else
        copy_gm_ub_pad XI, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad YI, t0, NP, qbytes, gmgap, ubgap
        add t0, t0, t1
        copy_gm_ub_pad AI, t0, NP, qbytes, gmgap, ubgap
.endif
        set_flag MTE2, V, 0
.if GATHER
        ; corners gathered from the value planes: per band, the band offsets once, then per
        ; channel the band copy (double-buffered), one gather and the corner dot products
        vdup.f32 DK, 0.0, N4
        add t0, lrow, LT_NB
        ld.i64 nb, t0
        mov j, 0
band_loop:
        bge j, nb, bands_done
        BAND_GEOMETRY FUSED             ; gaddr, bbytes, t3 = c of band j (msda_common.inc)
        ; GM address of (b, m, d = 0, level lv, band j)
        ldparam t1, value
        add gaddr, gaddr, t1
        add t1, lrow, LT_VOFF
        ld.i64 t1, t1
        add gaddr, gaddr, t1
        ldparam t1, record
        mul t2, bm, nd
        mul t2, t2, t1
        add gaddr, gaddr, t2
        wait_flag V, MTE2, FK0          ; the first channel's band into PB0
        copy_gm_ub_pad PB0, gaddr, 1, bbytes, 0, 0
        set_flag MTE2, V, FK0
        bne j, 0, weights_done
        add t1, lrow, LT_HF
        ld.i64 t1, t1                   ; H (f32)
        add t2, lrow, LT_WF
        ld.i64 t2, t2                   ; W (f32)
        PREP
weights_done:
        BAND_OFFSETS GOFF, LT_VROWB, FUSED, FUSED       ; msda_common.inc (FUSED: always remapped)
        mov d, 0
        mov gd, G2
        ldparam t3, record
gchannel_loop:
        GCHANNEL 0, 1
        GCHANNEL 1, 0
        blt d, nd, gchannel_loop
        add j, j, 1
        jmp band_loop
bands_done:
.else
        ; corners of (b, m, l, d = 0), rows/points at GM stride 2 * Q * 4
        mul t0, bm, nl
        add t0, t0, lv
        mul t0, t0, nd                  ; (b, m, l, d = 0) slab index
.if F16
        mul t3, nq, 8 * NP              ; slab bytes
        mul t0, t0, t3
        add t0, t0, pcorn
        shl t1, q0, 2
        add ccur, t0, t1
        wait_flag V, MTE2, 2
        copy_gm_ub_pad CH0, ccur, 2 * NP, cbytes, cgm, cub
.else
        mul t3, nq, 16 * NP             ; slab bytes
        mul t0, t0, t3
        add t0, t0, pcorn
        shl t1, q0, 3
        add ccur, t0, t1
        wait_flag V, MTE2, 2
        copy_gm_ub_pad CB0, ccur, 2 * NP, cbytes, cgm, cub
.endif
        set_flag MTE2, V, 2
        add t1, lrow, LT_HF
        ld.i64 t1, t1                   ; H (f32)
        add t2, lrow, LT_WF
        ld.i64 t2, t2                   ; W (f32)
        PREP
        vdup.f32 DK, 0.0, N4
        mov d, 0
        mov gd, G2
channel_loop:
        CHANNEL 0, 1
        CHANNEL 1, 0
        blt d, nd, channel_loop
.endif
        ; grad_value: offsets, then the pieces of every (point, row)
        add t0, lrow, LT_WPF
        ld.i64 t0, t0                   ; Wp (f32)
        add t1, lrow, LT_OFF
        ld.i64 t1, t1                   ; level offset in the record
        add t2, lrow, LT_ROWB
        ld.i64 t2, t2                   ; Wp * D * 4
        shl t3, nd, 2                   ; D * 4
        OFFSETS
.if SFUSE
        PIECES 0
.else
        shr t3, n2qd, 1                 ; QB * D
        PIXEL_PIECES 0
.endif
        ; grad_attn and grad_loc
        add t1, lrow, LT_WF
        ld.i64 t1, t1                   ; W (f32)
        add t2, lrow, LT_HF
        ld.i64 t2, t2                   ; H (f32)
        RESULTS
        SAMPLE_INDEX
        PLANE_BYTES
        ldparam t2, gattn
        add t2, t2, t0
        wait_flag V, MTE3, 2
        copy_ub_gm_pad t2, GA, NP, qbytes, ubgap, gmgap
        ldparam t2, gloc
        add t2, t2, t0
        copy_ub_gm_pad t2, GX, NP, qbytes, ubgap, gmgap
        add t2, t2, t1
        copy_ub_gm_pad t2, GY, NP, qbytes, ubgap, gmgap
        set_flag MTE3, V, 2
        add l, l, 1
        jmp level_loop

unit_end:
        set_flag V, MTE2, 1             ; the unit's pieces are built: GREP may be refilled
        add u, u, ncores
        jmp unit_loop

finish:
        wait_flag V, MTE2, 0            ; consume the "free" primes: no flag may be left set
        wait_flag V, MTE2, 1
        wait_flag V, MTE2, 2
.if !GATHER || NBUF == 2
        wait_flag V, MTE2, 3
.endif
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        wait_flag MTE3, V, 2
        wait_flag MTE3, V, 3
        end

bad_points:
        trap 1
bad_channels:
        trap 2
.if GATHER
bad_band:
        trap 3
.endif
bad_levels:
        trap 4
bad_size:
        trap 5
