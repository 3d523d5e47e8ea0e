.buffer b, 64, 48
end
