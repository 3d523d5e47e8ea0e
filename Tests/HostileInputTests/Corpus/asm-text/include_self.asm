.include "self_loop.inc"
 end
