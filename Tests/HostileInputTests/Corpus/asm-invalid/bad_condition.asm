cset r1, r2, 3, xx
end
