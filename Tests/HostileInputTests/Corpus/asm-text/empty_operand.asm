add r1, , 2
end
