set_flag V, V, 0
wait_flag V, V, 0
end
