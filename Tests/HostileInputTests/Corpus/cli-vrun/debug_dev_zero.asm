.file 0 "/dev/zero"
.loc 0 1 1
 nop
 end
