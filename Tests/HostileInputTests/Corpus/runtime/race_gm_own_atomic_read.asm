.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
ldparam r1, z
st.u32 0, b
set_flag S, MTE3, 0
wait_flag S, MTE3, 0
scatter_add.f32 r1, a, b, 1, 4
pipe_barrier ALL
ldg.f32 r3, r1
end
