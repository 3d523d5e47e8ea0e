mov r32, 1
end
