mov r2, 0x7ffffffffffffffc
ld.u32 r3, r2
end
