mov r1, sizeof(nobuf)
end
