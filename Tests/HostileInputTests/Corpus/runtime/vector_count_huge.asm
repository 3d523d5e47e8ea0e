mov r1, 0x7fffffffffffffff
vdup.f32 0, 1.0, r1
end
