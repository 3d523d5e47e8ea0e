 nop
 vadx.f32 0, 0, 0, 64
 end
