.equ A, 1
.equ A, 2
end
