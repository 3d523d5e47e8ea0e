; gm_scatter.asm: calibration microbenchmark for GM scatter writes (brief machine-910b.md,
; "Microbenchmark figures": about 106 GB/s chip-wide one pixel at a time, 162 GB/s when
; neighbouring pixels are merged into one write; more concurrent cores add some contention).
;
; Every core atomically adds `pixels` pieces of PIECE bytes (default 64 = one pixel of 32 fp16
; channels; 128 = a merged pair) from its UB into random places of a GM map, one request per
; piece (scatter_add, the way xMSDA's backward pass accumulates gradients), in batches of BATCH
; from one UB source buffer. F32 defined: fp32 elements (32 channels = 128 B per pixel) instead
; of fp16. Throughput = cores x pixels x PIECE / time.
;
; `offs` holds `pixels` u32 byte offsets per core, core-major, at most MAXPIX per core.
;
; Run:  vrun kernels/bench/gm_scatter.asm --in map=M.npy --in offs=O.npy --param pixels=P

.param map, gm
.param offs, gm.u32
.param pixels, i64

.ifndef BATCH
.equ BATCH, 256
.endif
.ifndef PIECE
.equ PIECE, 64
.endif
.ifndef MAXPIX
.equ MAXPIX, BATCH * 2
.endif

.buffer boff, MAXPIX * 4
.buffer bsrc, BATCH * align(PIECE, 32)

.reg pmap, r1
.reg poff, r2
.reg npix, r3
.reg done, r4
.reg bytes, r5
.reg g, r6

        ldparam pmap, map
        ldparam poff, offs
        ldparam npix, pixels
        coreid g
        mul g, g, npix
        shl g, g, 2
        add poff, poff, g
        shl bytes, npix, 2
        ; all offsets of this core into the UB at once (npix <= MAXPIX)
        copy_gm_ub_pad boff, poff, 1, bytes, 0, 0
        set_flag MTE2, MTE3, 0
        wait_flag MTE2, MTE3, 0
        mov done, 0
        mov g, boff
loop:
        bge done, npix, finish
.ifdef F32
        scatter_add.f32 pmap, bsrc, g, BATCH, PIECE
.else
        scatter_add.f16 pmap, bsrc, g, BATCH, PIECE
.endif
        add g, g, BATCH * 4
        add done, done, BATCH
        jmp loop
finish:
        end
