; café
end
