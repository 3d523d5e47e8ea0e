.macro A
 B
.endm
.macro B
 A
.endm
 A
 end
