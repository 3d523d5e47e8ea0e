.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
coreid r2
bne r2, 0, reader
vdup.f32 a, 1.0, 64
set_flag V, MTE3, 0
wait_flag V, MTE3, 0
copy_ub_gm r1, a, 1, 8, 0, 0
end
reader: copy_gm_ub b, r1, 1, 8, 0, 0
end
