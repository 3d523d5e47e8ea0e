.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, x
mov r2, 0
copy_gm_ub a, r1, r2, 8, 0, 0
end
