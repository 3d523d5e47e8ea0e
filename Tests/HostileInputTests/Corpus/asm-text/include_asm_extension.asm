.include "self_loop.asm"
 end
