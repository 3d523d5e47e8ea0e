mov r2, 77
trap r2
end
