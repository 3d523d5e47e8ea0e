.macro M
        M
.endm
        M
        end
