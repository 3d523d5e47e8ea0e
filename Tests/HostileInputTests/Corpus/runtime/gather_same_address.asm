gather.f32 64, 64, 0, 1
end
