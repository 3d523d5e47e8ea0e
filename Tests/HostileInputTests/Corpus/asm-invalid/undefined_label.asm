jmp nowhere
end
