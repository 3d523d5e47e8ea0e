; í €
end
