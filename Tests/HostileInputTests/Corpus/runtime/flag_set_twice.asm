set_flag S, V, 1
set_flag S, V, 1
end
