fmov r1, 1e30
ftoi r2, r1, rz
end
