.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, x
add r1, r1, 32
copy_gm_ub a, r1, 1, 8, 0, 0
end
