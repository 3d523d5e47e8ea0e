.include "."
 end
