; vadd.asm: z = x + y over n f32 elements, single-buffered.
;
; The elements are cut into tiles of TILE elements; core c takes tiles c, c + cores, ...
; Each tile is copied in (MTE2), added (V) and copied out (MTE3). With one set of buffers the
; copy-in of the next tile must wait until the vector unit has read this one, so MTE2 and V
; take turns: compare with vadd_db.asm, which overlaps them.
;
; Run:  vrun kernels/examples/vadd.asm --in x=x.npy --in y=y.npy --alloc z=f32[N] --out z=z.npy --param n=N

.param x, gm.f32
.param y, gm.f32
.param z, gm.f32
.param n, i64

.ifndef TILE
.equ TILE, 4096                 ; elements per tile: 16 KB per buffer
.endif

.buffer bx, TILE * 4
.buffer by, TILE * 4
.buffer bz, TILE * 4

.reg px, r1                     ; GM base addresses
.reg py, r2
.reg pz, r3
.reg total, r4                  ; n
.reg ncores, r5
.reg tile, r6                   ; this core's current tile
.reg ntiles, r7
.reg cnt, r8                    ; elements in this tile
.reg bytes, r9
.reg gx, r10                    ; GM addresses of this tile
.reg gy, r11
.reg gz, r12

        ldparam px, x
        ldparam py, y
        ldparam pz, z
        ldparam total, n
        corenum ncores
        coreid tile
        add ntiles, total, TILE - 1
        div ntiles, ntiles, TILE

        ; The buffers start free: prime the "free" flags that the loop waits on.
        set_flag V, MTE2, 0             ; bx, by may be overwritten
        set_flag MTE3, V, 0             ; bz may be overwritten
loop:
        bge tile, ntiles, done
        mul cnt, tile, TILE             ; first element of the tile
        shl gx, cnt, 2                  ; its byte offset
        sub cnt, total, cnt             ; elements left
        min cnt, cnt, TILE              ; elements in this tile
        shl bytes, cnt, 2
        add gy, py, gx
        add gz, pz, gx
        add gx, px, gx

        wait_flag V, MTE2, 0            ; the vector unit has finished reading bx, by
        copy_gm_ub_pad bx, gx, 1, bytes, 0, 0
        copy_gm_ub_pad by, gy, 1, bytes, 0, 0
        set_flag MTE2, V, 0             ; inputs are in
        wait_flag MTE2, V, 0
        wait_flag MTE3, V, 0            ; the last tile's result has left bz
        vadd.f32 bz, bx, by, cnt
        set_flag V, MTE2, 0             ; bx, by free again
        set_flag V, MTE3, 0             ; result ready
        wait_flag V, MTE3, 0
        copy_ub_gm_pad gz, bz, 1, bytes, 0, 0
        set_flag MTE3, V, 0             ; bz free again

        add tile, tile, ncores
        jmp loop
done:
        wait_flag V, MTE2, 0            ; consume the primes: no flag may be left set
        wait_flag MTE3, V, 0
        end
