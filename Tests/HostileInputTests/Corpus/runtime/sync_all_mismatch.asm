coreid r1
bne r1, 0, done
sync_all
done: end
