wait_flag MTE2, MTE2, 0
end
