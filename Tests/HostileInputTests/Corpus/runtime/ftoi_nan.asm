fmov r1, nan
ftoi r2, r1, rn
end
