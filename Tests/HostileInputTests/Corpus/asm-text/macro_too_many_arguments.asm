.macro M a
 mov r1, \a
.endm
 M 1, 2
 end
