mov r1, 3 << 62
end
