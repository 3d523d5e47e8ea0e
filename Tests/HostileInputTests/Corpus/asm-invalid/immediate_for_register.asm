add r1, 5, 3
end
