import ISA
