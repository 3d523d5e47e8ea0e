coreid r1
bne r1, 3, ok
trap 7
ok: end
