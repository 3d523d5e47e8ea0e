coreid r1
bne r1, 1, done
wait_flag MTE3, S, 0
done: end
