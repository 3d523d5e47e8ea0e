.file 1 "a.asm"
end
