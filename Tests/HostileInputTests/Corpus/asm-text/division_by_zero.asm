mov r1, 5 / (2 - 2)
end
