.if
nop
.endif
end
