.macro M a
 mov r1, \a
.endm
 M 1, a=2
 end
