mov r1, FOO
end
