.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, x
mov r2, -1000
copy_gm_ub a, r1, 2, 1, r2, 0
end
