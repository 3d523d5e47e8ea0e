fmov r1, 1.5 * 2
end
