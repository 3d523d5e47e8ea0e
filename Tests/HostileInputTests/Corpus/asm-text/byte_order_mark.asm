nop
end
