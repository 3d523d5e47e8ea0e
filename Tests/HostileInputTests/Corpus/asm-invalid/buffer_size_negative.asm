.buffer a, -32
end
