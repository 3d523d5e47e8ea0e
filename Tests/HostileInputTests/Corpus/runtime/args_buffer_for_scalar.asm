.param n, i64
end
