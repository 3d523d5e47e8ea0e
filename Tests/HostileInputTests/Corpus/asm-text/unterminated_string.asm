.error "no end
 end
