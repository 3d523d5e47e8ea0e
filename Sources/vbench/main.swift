print("vbench: no benchmarks yet")
