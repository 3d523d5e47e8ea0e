.param x, gm.f32
.param z, gm.f32
.param n, i64
.buffer b, 4096
        ldparam r1, x
        ldparam r2, z
        ldparam r3, n
        shl r3, r3, 2
        copy_gm_ub_pad b, r1, 1, r3, 0, 0
        set_flag MTE2, MTE3, 0
        wait_flag MTE2, MTE3, 0
        copy_ub_gm_pad r2, b, 1, r3, 0, 0
        end
