.equ r3, 1
end
