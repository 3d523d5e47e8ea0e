mov r1, 2
st.u32 7, r1
end
