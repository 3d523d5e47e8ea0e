.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, x
copy_gm_ub a, r1, 1, 8, 0, 0
vadds.f32 b, a, 1.0, 64
end
