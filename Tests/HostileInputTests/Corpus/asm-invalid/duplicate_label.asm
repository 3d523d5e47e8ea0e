a: nop
a: end
