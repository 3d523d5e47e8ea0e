ftoi r1, r2, up
end
