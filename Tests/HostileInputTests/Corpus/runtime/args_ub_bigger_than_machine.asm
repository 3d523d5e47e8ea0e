.ubsize 262144
end
