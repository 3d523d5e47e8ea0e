.buffer a, 100000
.buffer b, 100000
end
