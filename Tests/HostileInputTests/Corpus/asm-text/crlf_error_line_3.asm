nop
nop
bogus
end
