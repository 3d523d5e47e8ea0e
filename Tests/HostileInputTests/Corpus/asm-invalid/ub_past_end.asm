vadd.f32 196608, 0, 0, 64
end
