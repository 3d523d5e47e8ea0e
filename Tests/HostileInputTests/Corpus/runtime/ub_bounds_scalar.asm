mov r1, 196608
ld.u32 r2, r1
end
