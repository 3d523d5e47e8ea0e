; reduce_sum.asm: out[0] = sum of x[0 ..< n] (f32), on all cores.
;
; Each core sums its tiles with vredsum into a one-element partial, adds the partials in a UB
; accumulator, and finally adds its total into out[0] with an atomic scatter_add. The machine
; applies atomic adds in a fixed order (core by core), so the result is the same on every run.
; out must be zero on entry.
;
; Run:  vrun kernels/examples/reduce_sum.asm --in x=x.npy --alloc out=f32[1] --out out=out.npy --param n=N

.param x, gm.f32
.param out, gm.f32
.param n, i64

.ifndef TILE
.equ TILE, 8192                 ; elements per tile: 32 KB
.endif

.buffer bx, TILE * 4
.buffer part, 32                ; vredsum result (one element used)
.buffer acc, 32                 ; running sum (one element used)
.buffer offs, 32                ; scatter_add offset table: one u32, 0

.reg px, r1
.reg total, r2
.reg ncores, r3
.reg tile, r4
.reg ntiles, r5
.reg cnt, r6
.reg bytes, r7
.reg gx, r8
.reg pout, r9

        ldparam px, x
        ldparam pout, out
        ldparam total, n
        corenum ncores
        coreid tile
        add ntiles, total, TILE - 1
        div ntiles, ntiles, TILE

        vdup.f32 acc, 0.0, 8
        set_flag V, MTE2, 0             ; bx starts free
loop:
        bge tile, ntiles, finish
        mul cnt, tile, TILE
        shl gx, cnt, 2
        sub cnt, total, cnt
        min cnt, cnt, TILE
        shl bytes, cnt, 2
        add gx, px, gx
        wait_flag V, MTE2, 0
        copy_gm_ub_pad bx, gx, 1, bytes, 0, 0
        set_flag MTE2, V, 0
        wait_flag MTE2, V, 0
        vredsum.f32 part, bx, cnt
        vadd.f32 acc, acc, part, 1
        set_flag V, MTE2, 0
        add tile, tile, ncores
        jmp loop
finish:
        wait_flag V, MTE2, 0
        st.u32 0, offs                  ; the one piece goes to byte 0 of out
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        scatter_add.f32 pout, acc, offs, 1, 4
        end
