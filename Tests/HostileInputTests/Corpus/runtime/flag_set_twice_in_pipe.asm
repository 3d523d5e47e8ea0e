set_flag V, MTE2, 2
set_flag V, MTE2, 2
end
