.equ N, 4
end
