À¯nop
end
