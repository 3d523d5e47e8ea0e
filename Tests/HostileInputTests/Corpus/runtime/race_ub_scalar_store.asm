.param x, gm.f32
.param z, gm.f32
.buffer a, 256
.buffer b, 256
st.u32 7, a
vadds.f32 b, a, 1.0, 8
end
