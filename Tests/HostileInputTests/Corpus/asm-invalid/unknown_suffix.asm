vadd.f64 0, 0, 0, 64
end
