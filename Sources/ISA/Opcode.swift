/// An opcode: the first byte of an encoded instruction and the index of its row in
/// `OpcodeTable`. Numbers are stable across versions of the ISA; new instructions take free
/// numbers and bump `ISAVersion.current`.
public struct Opcode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// The table row for this opcode, or nil when no instruction has this number.
    public var spec: OpcodeSpec? { OpcodeTable.spec(for: self) }

    public var description: String { spec?.mnemonic ?? "opcode 0x\(hex(rawValue))" }

    public static func < (a: Opcode, b: Opcode) -> Bool { a.rawValue < b.rawValue }
}

/// What an instruction does, in broad groups (used for docs sections and the interpreter).
public enum OpcodeGroup: String, CaseIterable, Sendable {
    case scalar = "Scalar"
    case scalarFloat = "Scalar float"
    case scalarMemory = "Scalar memory"
    case control = "Control flow"
    case vector = "Vector"
    case vectorCompare = "Vector compare and select"
    case vectorConvert = "Vector conversion"
    case vectorReduce = "Vector reduction and broadcast"
    case gather = "UB gather"
    case dma = "DMA"
    case sync = "Synchronisation"
}

/// One row of the opcode table: everything there is to know about one instruction.
public struct OpcodeSpec: Sendable {
    public let opcode: Opcode
    public let mnemonic: String
    public let group: OpcodeGroup
    /// Allowed type suffixes; `[.none]` for instructions without one.
    public let suffixes: [TypeSuffix]
    public let operands: [OperandSpec]
    public let pipe: PipeSpec
    public let cost: CostSpec
    /// One-line semantics, shown in docs/ISA.md and `vasm --help-isa`.
    public let semantics: String

    public init(_ code: UInt8, _ mnemonic: String, _ group: OpcodeGroup, suffixes: [TypeSuffix] = [.none],
                _ operands: [OperandSpec], pipe: PipeSpec, cost: CostSpec, _ semantics: String) {
        self.opcode = Opcode(code)
        self.mnemonic = mnemonic
        self.group = group
        self.suffixes = suffixes
        self.operands = operands
        self.pipe = pipe
        self.cost = cost
        self.semantics = semantics
    }

    /// True when the instruction takes a type suffix.
    public var hasSuffix: Bool { suffixes != [.none] }

    /// Index of the operand whose kind is `label`, if any (branch targets).
    public var labelOperand: Int? { operands.firstIndex { $0.kind == .label } }

    /// Whether a suffix is one of the allowed ones.
    public func allows(_ suffix: TypeSuffix) -> Bool { suffixes.contains(suffix) }

    /// The pipe that executes this instruction with the given operands.
    public func pipe(operands values: [Operand]) -> Pipe {
        switch pipe {
        case .fixed(let p):
            return p
        case .operand(let i):
            if case .immediate(let v) = values[i], let p = Pipe(rawValue: UInt8(truncatingIfNeeded: v)) { return p }
            return .s
        case .barrierOperand(let i):
            if case .immediate(let v) = values[i], let b = BarrierTarget(rawValue: UInt8(truncatingIfNeeded: v)) {
                return b.pipe ?? .s
            }
            return .s
        }
    }

    /// The signature as written in assembly, e.g. `vadd.{f16,f32,i32,u32} dst, a, b, n`.
    public var signature: String {
        var s = mnemonic
        if hasSuffix {
            let names = suffixes.map { String($0.description.dropFirst()) }
            s += names.count == 1 ? "." + names[0] : ".{" + names.joined(separator: ",") + "}"
        }
        if !operands.isEmpty { s += " " + operands.map(\.name).joined(separator: ", ") }
        return s
    }
}
