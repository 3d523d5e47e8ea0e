; gm_gather.asm: calibration microbenchmark for Machine.dmaRequestCycles.
;
; Reproduces the xMSDA paper's GM gather measurement (brief machine-910b.md, "Microbenchmark
; figures": about 106 GB/s chip-wide with one small copy per pixel). Every core gathers `pixels`
; pieces of PIECE bytes (default 64 = one pixel of 32 fp16 channels; 128 = a merged pair of
; neighbouring pixels) from random places of a GM feature map, one request per piece, with
; gather_gm in batches of BATCH, double-buffered so MTE2 never waits for anything else.
; Throughput = cores x pixels x PIECE / time.
;
; The offsets (u32 bytes into the map) are an input: `offs` holds `pixels` per core, core-major,
; at most MAXPIX (default 2 x BATCH) per core.
;
; Run:  vrun kernels/bench/gm_gather.asm --in map=M.npy --in offs=O.npy --param pixels=P

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
.buffer bdst0, BATCH * align(PIECE, 32)
.buffer bdst1, BATCH * align(PIECE, 32)

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
        set_flag MTE2, S, 0
        wait_flag MTE2, S, 0
        mov done, 0
        mov g, boff
loop:
        bge done, npix, finish
        gather_gm bdst0, pmap, g, BATCH, PIECE
        add g, g, BATCH * 4
        add done, done, BATCH
        bge done, npix, finish
        gather_gm bdst1, pmap, g, BATCH, PIECE
        add g, g, BATCH * 4
        add done, done, BATCH
        jmp loop
finish:
        end
