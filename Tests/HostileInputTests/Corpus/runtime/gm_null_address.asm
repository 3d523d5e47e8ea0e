.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
copy_gm_ub a, 0, 1, 8, 0, 0
end
