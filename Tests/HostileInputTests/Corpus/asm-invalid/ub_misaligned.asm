vadd.f32 16, 0, 0, 64
end
