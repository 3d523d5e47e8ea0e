; gather.asm: out[i] = table[idx[i]] for i < n, with the UB gather.
;
; The whole table (f32, t entries, at most TABLE_MAX) is copied into the UB once per core; then
; per tile of indices the vector unit turns element indices into byte offsets (x4) and gathers.
; Indices must be in 0 ..< t (the machine checks that every gathered byte is inside the UB).
;
; Run:  vrun kernels/examples/gather.asm --in table=t.npy --in idx=i.npy --alloc out=f32[N] --out out=o.npy --param t=T --param n=N

.param table, gm.f32
.param idx, gm.i32
.param out, gm.f32
.param t, i64
.param n, i64

.equ TABLE_MAX, 16384           ; 64 KB of table
.ifndef TILE
.equ TILE, 4096
.endif

.buffer btab, TABLE_MAX * 4
.buffer bidx, TILE * 4
.buffer boff, TILE * 4
.buffer bout, TILE * 4

.reg ptab, r1
.reg pidx, r2
.reg pout, r3
.reg tsize, r4
.reg total, r5
.reg ncores, r6
.reg tile, r7
.reg ntiles, r8
.reg cnt, r9
.reg bytes, r10
.reg gi, r11
.reg go, r12

        ldparam ptab, table
        ldparam pidx, idx
        ldparam pout, out
        ldparam tsize, t
        ldparam total, n
        bgt tsize, TABLE_MAX, too_big
        corenum ncores
        coreid tile
        add ntiles, total, TILE - 1
        div ntiles, ntiles, TILE

        shl bytes, tsize, 2
        copy_gm_ub_pad btab, ptab, 1, bytes, 0, 0
        set_flag MTE2, V, 1             ; the table is in
        wait_flag MTE2, V, 1
loop:
        bge tile, ntiles, done
        mul cnt, tile, TILE
        shl gi, cnt, 2
        sub cnt, total, cnt
        min cnt, cnt, TILE
        shl bytes, cnt, 2
        add go, pout, gi
        add gi, pidx, gi
        copy_gm_ub_pad bidx, gi, 1, bytes, 0, 0
        set_flag MTE2, V, 0
        wait_flag MTE2, V, 0
        vmuls.i32 boff, bidx, 4, cnt    ; element index -> byte offset
        gather.f32 bout, btab, boff, cnt
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        copy_ub_gm_pad go, bout, 1, bytes, 0, 0
        ; single-buffered: the next tile overwrites bidx (MTE2) and bout (V) only after
        ; this tile is done with them
        set_flag MTE3, MTE2, 0
        wait_flag MTE3, MTE2, 0
        set_flag MTE3, V, 0
        wait_flag MTE3, V, 0
        add tile, tile, ncores
        jmp loop
done:
        end
too_big:
        trap 1                          ; t > TABLE_MAX: the table does not fit
