nop
wait_flag V, S, 3
end
