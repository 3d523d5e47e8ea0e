jmp last
end
last:
