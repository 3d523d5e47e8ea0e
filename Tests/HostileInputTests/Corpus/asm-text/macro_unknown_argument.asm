.macro M a
 mov r1, \a
.endm
 M a=1, c=2
 end
