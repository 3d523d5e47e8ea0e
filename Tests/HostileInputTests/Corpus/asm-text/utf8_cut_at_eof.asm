nop
end ; â‚