.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
coreid r2
bne r2, 0, reader
st.u32 0, b
set_flag S, MTE3, 0
wait_flag S, MTE3, 0
scatter_add.f32 r1, a, b, 1, 4
end
reader: copy_gm_ub a, r1, 1, 8, 0, 0
end
