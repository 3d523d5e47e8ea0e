mov r1, 196608 - 128
vadd.f32 r1, r1, r1, 64
end
