.error "unsupported tile size"
end
