.param x, gm.f32
 ldparam r1, x
 end
