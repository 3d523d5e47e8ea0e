.error "\q"
 end
