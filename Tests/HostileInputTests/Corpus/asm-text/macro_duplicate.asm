.macro M
 nop
.endm
.macro M
 nop
.endm
 end
