nop
nop
