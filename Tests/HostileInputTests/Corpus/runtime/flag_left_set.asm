nop
set_flag MTE3, V, 0
end
