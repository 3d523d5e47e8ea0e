.param x, gm.f64
end
