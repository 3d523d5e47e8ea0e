mov r1, 1 << 64
end
