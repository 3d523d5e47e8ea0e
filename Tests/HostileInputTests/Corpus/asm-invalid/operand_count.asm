vadd.f32 0, 0, 0
end
