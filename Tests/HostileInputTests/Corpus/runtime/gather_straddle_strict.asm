st.u32 30, 0
set_flag S, V, 0
wait_flag S, V, 0
gather.f32 64, 128, 0, 1
end
