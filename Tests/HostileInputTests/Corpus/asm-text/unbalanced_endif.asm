nop
.endif
end
