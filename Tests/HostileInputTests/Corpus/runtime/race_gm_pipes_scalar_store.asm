.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
stg.u32 7, r1
copy_gm_ub b, r1, 1, 8, 0, 0
end
