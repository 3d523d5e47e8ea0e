st.i32 -2, 0
set_flag S, V, 0
wait_flag S, V, 0
gather.f16 64, 128, 0, 1
end
