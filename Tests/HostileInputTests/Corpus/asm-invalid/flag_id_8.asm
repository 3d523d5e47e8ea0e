set_flag S, V, 8
wait_flag S, V, 8
end
