mov r1, LATER
.equ LATER, 1
end
