ldparam r1, nope
end
