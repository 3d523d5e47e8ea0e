.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
vdup.f32 a, 1.0, 64
set_flag V, MTE3, 0
wait_flag V, MTE3, 0
copy_ub_gm r1, a, 1, 8, 0, 0
end
