; gm_gather.asm: calibration microbenchmark for Machine.dmaRequestCycles.
;
; Reproduces the xMSDA paper's GM gather measurement (brief machine-910b.md, "Microbenchmark
; figures": about 106 GB/s chip-wide with one small copy per pixel). Every core gathers PIXELS
; pixels of 64 bytes (32 fp16 channels) from random 64-byte-aligned places of a GM feature map,
; one request per pixel, with gather_gm in batches of BATCH, double-buffered so MTE2 never waits
; for anything else. Throughput = cores x PIXELS x 64 B / time.
;
; The offsets (u32 bytes into the map) are an input: `offs` holds PIXELS per core, core-major.
;
; Run:  vrun kernels/bench/gm_gather.asm --in map=M.npy --in offs=O.npy --param pixels=P

.param map, gm
.param offs, gm.u32
.param pixels, i64

.ifndef BATCH
.equ BATCH, 256
.endif

.buffer boff, BATCH * 4 * 2
.buffer bdst0, BATCH * 64
.buffer bdst1, BATCH * 64

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
        ; all offsets of this core into the UB at once (npix <= 2 * BATCH)
        copy_gm_ub_pad boff, poff, 1, bytes, 0, 0
        set_flag MTE2, S, 0
        wait_flag MTE2, S, 0
        mov done, 0
        mov g, boff
loop:
        bge done, npix, finish
        gather_gm bdst0, pmap, g, BATCH, 64
        add g, g, BATCH * 4
        add done, done, BATCH
        bge done, npix, finish
        gather_gm bdst1, pmap, g, BATCH, 64
        add g, g, BATCH * 4
        add done, done, BATCH
        jmp loop
finish:
        end
