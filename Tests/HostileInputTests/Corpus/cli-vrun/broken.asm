 nop
 bogus
 end
