ld.u32 r1, 2
end
