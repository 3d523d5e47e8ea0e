nop
.ubsize 1024
end
