mov r1, 16
vdup.f32 r1, 1.0, 8
end
