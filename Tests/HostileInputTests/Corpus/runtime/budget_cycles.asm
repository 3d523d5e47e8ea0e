vdup.f32 0, 1.0, 16384
end
