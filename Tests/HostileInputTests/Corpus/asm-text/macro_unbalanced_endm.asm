 nop
.endm
 end
