.include "cycle_a.inc"
 end
