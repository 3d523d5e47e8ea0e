.ubsize 1000
end
