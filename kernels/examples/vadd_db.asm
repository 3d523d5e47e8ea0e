; vadd_db.asm: z = x + y over n f32 elements, double-buffered.
;
; Same work as vadd.asm, but with two sets of buffers used in turn: while the vector unit adds
; tile k in set A, MTE2 already copies tile k + cores into set B and MTE3 writes out tile
; k - cores from set B. Each set has its own flags (id 0 for set A, id 1 for set B), so the pipes
; only wait when a buffer is really still in use.
;
; Run:  vrun kernels/examples/vadd_db.asm --in x=x.npy --in y=y.npy --alloc z=f32[N] --out z=z.npy --param n=N

.param x, gm.f32
.param y, gm.f32
.param z, gm.f32
.param n, i64

.ifndef TILE
.equ TILE, 4096                 ; elements per tile: 16 KB per buffer, 96 KB in all
.endif

.buffer bx0, TILE * 4
.buffer by0, TILE * 4
.buffer bz0, TILE * 4
.buffer bx1, TILE * 4
.buffer by1, TILE * 4
.buffer bz1, TILE * 4

.reg px, r1
.reg py, r2
.reg pz, r3
.reg total, r4
.reg ncores, r5
.reg tile, r6
.reg ntiles, r7
.reg cnt, r8
.reg bytes, r9
.reg gx, r10
.reg gy, r11
.reg gz, r12

; One tile through buffer set (bx, by, bz) with flag id `ev`; leaves for `done` when no tile is left.
.macro STEP bx, by, bz, ev
        bge tile, ntiles, done
        mul cnt, tile, TILE
        shl gx, cnt, 2
        sub cnt, total, cnt
        min cnt, cnt, TILE
        shl bytes, cnt, 2
        add gy, py, gx
        add gz, pz, gx
        add gx, px, gx

        wait_flag V, MTE2, \ev          ; V has finished reading this set's inputs
        copy_gm_ub_pad \bx, gx, 1, bytes, 0, 0
        copy_gm_ub_pad \by, gy, 1, bytes, 0, 0
        set_flag MTE2, V, \ev
        wait_flag MTE2, V, \ev
        wait_flag MTE3, V, \ev          ; MTE3 has written this set's last result out
        vadd.f32 \bz, \bx, \by, cnt
        set_flag V, MTE2, \ev
        set_flag V, MTE3, \ev
        wait_flag V, MTE3, \ev
        copy_ub_gm_pad gz, \bz, 1, bytes, 0, 0
        set_flag MTE3, V, \ev
        add tile, tile, ncores
.endm

        ldparam px, x
        ldparam py, y
        ldparam pz, z
        ldparam total, n
        corenum ncores
        coreid tile
        add ntiles, total, TILE - 1
        div ntiles, ntiles, TILE

        set_flag V, MTE2, 0             ; both sets start free
        set_flag V, MTE2, 1
        set_flag MTE3, V, 0
        set_flag MTE3, V, 1
loop:
        STEP bx0, by0, bz0, 0
        STEP bx1, by1, bz1, 1
        jmp loop
done:
        wait_flag V, MTE2, 0
        wait_flag V, MTE2, 1
        wait_flag MTE3, V, 0
        wait_flag MTE3, V, 1
        end
