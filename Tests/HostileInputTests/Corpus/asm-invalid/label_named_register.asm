r1: nop
end
