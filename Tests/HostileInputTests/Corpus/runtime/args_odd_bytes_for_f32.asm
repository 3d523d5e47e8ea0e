.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
end
