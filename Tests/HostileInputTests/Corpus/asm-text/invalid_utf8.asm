.param x, gm.f32
  nop ÿþ
end
