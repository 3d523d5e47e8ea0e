/// One operand value of an instruction. Its meaning comes from the opcode table's operand kind:
/// a `reg` operand is always `.register`; register-or-immediate kinds may be either; labels,
/// pipes, flags, conditions, rounding modes and parameters are `.immediate` numbers.
public enum Operand: Hashable, Sendable {
    case register(Register)
    case immediate(Int64)
}

/// The modelling form of one instruction: what the assembler produces, the bytecode encodes and
/// the disassembler prints. The interpreter pre-decodes it into its own compact runtime form.
public struct Instruction: Hashable, Sendable {
    public var opcode: Opcode
    public var suffix: TypeSuffix
    public var operands: [Operand]

    public init(_ opcode: Opcode, suffix: TypeSuffix = .none, _ operands: [Operand]) {
        self.opcode = opcode
        self.suffix = suffix
        self.operands = operands
    }

    public var spec: OpcodeSpec? { opcode.spec }
}
