; ub_gather.asm: calibration microbenchmark for the UB gather (brief machine-910b.md,
; "Microbenchmark figures": up to 424 GB/s chip-wide with one fp16 pixel per index, up to 845 GB/s
; with two neighbouring fp16 pixels per 4-byte index, lower for larger maps, higher for longer
; vector lengths).
;
; Every core copies an fp16 feature map (MAPBYTES, e.g. 256x256x2 = 131072) and its own VL random
; byte offsets into the UB, then runs ITERS gathers of VL elements back to back. ELEM = 2: one
; fp16 pixel per index (gather.f16); ELEM = 4: two neighbouring pixels per index (gather.u32 at
; 2-byte-aligned offsets, the xMSDA merge). Bytes gathered = cores x ITERS x VL x ELEM.
; `vbench calibrate` runs it with ITERS = N and 2N and divides the extra bytes by the extra time.
;
; `offs` holds VL u32 offsets per core, core-major.
;
; Run:  vasm -D MAPBYTES=131072 -D VL=1024 -D ELEM=4 kernels/bench/ub_gather.asm
;       vrun ... --in map=M.npy --in offs=O.npy --param iters=N

.param map, gm
.param offs, gm.u32
.param iters, i64

.ifndef MAPBYTES
.equ MAPBYTES, 131072
.endif
.ifndef VL
.equ VL, 1024
.endif
.ifndef ELEM
.equ ELEM, 2
.endif

.buffer bmap, MAPBYTES
.buffer boff, VL * 4
.buffer bdst, VL * ELEM

.reg pmap, r1
.reg poff, r2
.reg n, r3
.reg i, r4
.reg g, r5

        ldparam pmap, map
        ldparam poff, offs
        ldparam n, iters
        coreid g
        mul g, g, VL * 4
        add poff, poff, g
        copy_gm_ub bmap, pmap, 1, MAPBYTES / 32, 0, 0
        copy_gm_ub boff, poff, 1, VL * 4 / 32, 0, 0
        set_flag MTE2, V, 0
        wait_flag MTE2, V, 0
        mov i, 0
loop:
        bge i, n, finish
.if ELEM == 2
        gather.f16 bdst, bmap, boff, VL
.else
        gather.u32 bdst, bmap, boff, VL
.endif
        add i, i, 1
        jmp loop
finish:
        end
