fmov r1, 1e39
end
