nop $
end
