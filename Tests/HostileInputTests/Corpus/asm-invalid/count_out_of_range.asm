.param x, gm
 ldparam r1, x
 copy_gm_ub 0, r1, 4096, 1, 0, 0
 end
