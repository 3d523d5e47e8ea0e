mov r1, 0b102
end
