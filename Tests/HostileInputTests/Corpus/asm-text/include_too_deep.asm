.include "chain_0.inc"
 end
