mov r1, 5 % 0
end
