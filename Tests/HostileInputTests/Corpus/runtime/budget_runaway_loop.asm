loop: add r1, r1, 1
jmp loop
