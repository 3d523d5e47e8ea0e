/// What one operand of an instruction is: how the assembler parses it, how bytecode encodes it,
/// how the validator checks it and how the interpreter reads it. Every kind is listed in
/// docs/ISA.md with its syntax.
public enum OperandKind: String, CaseIterable, Sendable {
    /// A scalar register, `r0`..`r31` (destination or source).
    case reg
    /// A register or an integer immediate (64-bit signed).
    case int
    /// A register or a float immediate: an IEEE binary32 bit pattern in the low 32 bits.
    /// Integer literals are converted to float.
    case float
    /// A register or an immediate whose meaning follows the instruction's type suffix:
    /// float suffixes (`.f16`, `.f32`) take a float (as `float`), integer suffixes an integer.
    case scalar
    /// A Unified Buffer byte address for a vector or DMA operand: a register or an immediate
    /// (usually a `.buffer` name); immediates must be 32-byte aligned and inside the UB.
    case ub
    /// A Unified Buffer byte address for a scalar load or store: a register or an immediate;
    /// must be aligned to the element size and inside the UB.
    case ubByte
    /// A global memory byte address: a register (from `ldparam`) or an immediate.
    case gm
    /// A code label; encoded as the target's instruction index.
    case label
    /// A pipe: `S`, `V`, `MTE2` or `MTE3`.
    case pipe
    /// A `pipe_barrier` target: `V`, `MTE2`, `MTE3` or `ALL` (`S` is illegal).
    case barrier
    /// A flag id, 0..7 (6 and 7 are reserved by the runtime on the real chip; allowed here).
    case flag
    /// A condition: `eq`, `ne`, `lt`, `le`, `gt`, `ge`.
    case cond
    /// A rounding mode: `rn`, `rz`, `floor`, `ceil`, `ra`.
    case round
    /// A kernel parameter declared with `.param`, by name; encoded as its index.
    case param

    /// Kinds encoded as a register-or-immediate tag in bytecode.
    public var isRegisterOrImmediate: Bool {
        switch self {
        case .int, .float, .scalar, .ub, .ubByte, .gm: true
        default: false
        }
    }

    /// Kinds encoded as a single byte naming an enumerated value.
    public var isEnumerated: Bool {
        switch self {
        case .pipe, .barrier, .flag, .cond, .round, .param: true
        default: false
        }
    }

    /// Syntax shown in docs/ISA.md.
    public var syntax: String {
        switch self {
        case .reg: "`rN`"
        case .int: "`rN` or integer expression"
        case .float: "`rN` or float literal"
        case .scalar: "`rN`, or a float (float suffix) / integer (integer suffix) immediate"
        case .ub: "`rN` or UB address expression (32-byte aligned)"
        case .ubByte: "`rN` or UB address expression (element-aligned)"
        case .gm: "`rN` or GM address expression"
        case .label: "label name"
        case .pipe: "`S`, `V`, `MTE2`, `MTE3`"
        case .barrier: "`V`, `MTE2`, `MTE3`, `ALL`"
        case .flag: "0..7"
        case .cond: "`eq`, `ne`, `lt`, `le`, `gt`, `ge`"
        case .round: "`rn`, `rz`, `floor`, `ceil`, `ra`"
        case .param: "`.param` name"
        }
    }
}

/// One operand slot in the opcode table: a name for docs and diagnostics, its kind, and the
/// range an immediate must lie in (checked by the assembler and again by the bytecode validator).
public struct OperandSpec: Sendable {
    public let name: String
    public let kind: OperandKind
    /// Inclusive range for immediates; registers are checked at run time.
    public let range: ClosedRange<Int64>?

    public init(_ name: String, _ kind: OperandKind, _ range: ClosedRange<Int64>? = nil) {
        self.name = name
        self.kind = kind
        self.range = range
    }
}
