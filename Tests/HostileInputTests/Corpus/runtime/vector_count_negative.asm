mov r1, -1
vdup.f32 0, 1.0, r1
end
