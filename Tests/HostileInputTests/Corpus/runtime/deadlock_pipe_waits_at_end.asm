wait_flag MTE2, V, 0
end
