mov r1, 7
div r2, r1, r3
end
