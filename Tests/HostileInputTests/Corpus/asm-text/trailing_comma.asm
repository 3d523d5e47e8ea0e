mov r1, 2,
end
