.param x, gm.f32
.param n, i64
.param s, f32
 ldparam r1, n
 end
