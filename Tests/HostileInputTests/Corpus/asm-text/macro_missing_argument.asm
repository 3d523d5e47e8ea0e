.macro M a, b
 mov r1, \a + \b
.endm
 M 1
 end
