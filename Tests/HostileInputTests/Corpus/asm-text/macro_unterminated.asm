.macro M
 nop
