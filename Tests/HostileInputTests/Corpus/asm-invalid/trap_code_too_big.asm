trap 65536
end
