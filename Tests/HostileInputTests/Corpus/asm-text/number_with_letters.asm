mov r1, 12abc
end
