.else
end
