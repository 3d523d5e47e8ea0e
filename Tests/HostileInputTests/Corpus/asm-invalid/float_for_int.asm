mov r1, 1.5
end
