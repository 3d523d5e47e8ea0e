nop
end
