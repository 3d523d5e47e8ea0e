rem r2, r1, 0
end
