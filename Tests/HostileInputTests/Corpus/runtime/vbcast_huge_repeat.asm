mov r2, 0x7fffffffffffffff
vbcast.f32 64, 256, r2, 8
trap 1
end
