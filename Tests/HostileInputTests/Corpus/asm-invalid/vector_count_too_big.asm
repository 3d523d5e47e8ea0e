vadd.f32 0, 0, 0, 16777217
end
