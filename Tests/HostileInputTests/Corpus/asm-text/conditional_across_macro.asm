.macro M
.if 1
.endm
 M
.endif
 end
