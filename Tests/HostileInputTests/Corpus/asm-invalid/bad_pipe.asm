set_flag S, VEC, 0
end
