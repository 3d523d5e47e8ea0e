NOP
end
