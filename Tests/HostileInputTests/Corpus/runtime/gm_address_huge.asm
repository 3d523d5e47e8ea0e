.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
mov r1, 0x7fffffffffffff00
ldg.u32 r2, r1
end
