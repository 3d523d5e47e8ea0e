.error "\xZZ"
 end
