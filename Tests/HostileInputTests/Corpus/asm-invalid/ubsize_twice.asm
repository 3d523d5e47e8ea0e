.ubsize 1024
.ubsize 1024
end
