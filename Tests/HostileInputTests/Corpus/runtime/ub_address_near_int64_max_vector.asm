mov r2, 0x7fffffffffffffe0
vdup.f32 r2, 1.0, 8
end
