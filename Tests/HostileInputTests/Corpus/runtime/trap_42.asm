nop
trap 42
end
