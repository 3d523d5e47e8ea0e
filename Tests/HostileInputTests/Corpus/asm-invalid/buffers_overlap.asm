.buffer a, 64, 32, 0
.buffer b, 64, 32, 32
end
