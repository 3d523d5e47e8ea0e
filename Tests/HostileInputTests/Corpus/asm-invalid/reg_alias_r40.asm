.reg i, r40
end
