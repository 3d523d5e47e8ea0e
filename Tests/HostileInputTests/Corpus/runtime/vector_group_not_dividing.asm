vgsum.f32 0, 256, 3, 64
end
