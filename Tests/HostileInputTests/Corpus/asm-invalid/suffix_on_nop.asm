nop.f32
end
