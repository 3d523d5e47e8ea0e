.param x, gm
.param x, i64
end
