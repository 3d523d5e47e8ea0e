.frobnicate 3
end
