mov r1, align(5, 0)
end
