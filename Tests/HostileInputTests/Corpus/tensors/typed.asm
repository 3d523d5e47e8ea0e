.param i, gm.i32
.param u, gm.u8
.param w, gm.u32
.param h, gm.f16
 end
