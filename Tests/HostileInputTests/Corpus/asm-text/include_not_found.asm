.include "no_such_file.inc"
 end
