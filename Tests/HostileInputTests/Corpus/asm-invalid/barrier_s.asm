pipe_barrier S
end
