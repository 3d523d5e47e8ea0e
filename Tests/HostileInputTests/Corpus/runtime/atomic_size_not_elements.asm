.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
scatter_add.f32 r1, a, b, 1, 6
end
