coreid r2
loop: add r1, r1, r2
jmp loop
