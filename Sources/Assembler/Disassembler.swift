import ISA

/// Program to text that assembles back to the same bytes (`BytecodeWriter.encode`), debug
/// table included.
///
/// Operands are printed as numbers (buffer names are not guessed back), branch targets as
/// generated labels `L<pc>`, float immediates as the shortest decimal that reads back to the
/// same f32 (or `f32bits(...)` for NaN payloads and values that are not f32 patterns), and each
/// change of source location as a `.loc` line after the `.file` table:
///
/// ```
/// .param x, gm.f32
/// .buffer bx, 16384, 32
/// .file 0 "kernels/examples/vadd.asm"
/// L7:
/// .loc 0 42 9
///         bge r6, r7, L31
/// ```
public enum Disassembler {
    public static func text(_ program: Program) -> String {
        var out = "; disassembled by vasm (bytecode format \(BytecodeFormat.version), ISA \(ISAVersion.current))\n"
        if program.ubSize != MachineLimits.default.ubBytes { out += ".ubsize \(program.ubSize)\n" }
        for p in program.params { out += ".param \(p.name), \(p.kind)\n" }
        var cursor: UInt64 = 0
        for b in program.buffers {
            let a = UInt64(max(b.alignment, 1))
            let natural = (cursor + a - 1) / a * a
            out += ".buffer \(b.name), \(b.size), \(b.alignment)"
            if UInt64(b.offset) != natural { out += ", \(b.offset)" }
            out += "\n"
            cursor = max(cursor, UInt64(b.offset) + UInt64(b.size))
        }
        for (i, f) in program.debug.files.enumerated() { out += ".file \(i) \(quoted(f))\n" }
        let hasLocations = program.debug.locations.count == program.instructions.count
        if !hasLocations, !program.instructions.isEmpty || !program.debug.locations.isEmpty { out += ".nodebug\n" }

        var targets = Set<Int64>()
        for inst in program.instructions {
            guard let spec = inst.spec else { continue }
            for (k, o) in spec.operands.enumerated() where o.kind == .label && k < inst.operands.count {
                if case .immediate(let t) = inst.operands[k] { targets.insert(t) }
            }
        }
        var last: SourceLocation?
        for (pc, inst) in program.instructions.enumerated() {
            if targets.contains(Int64(pc)) { out += "L\(pc):\n" }
            if hasLocations {
                let l = program.debug.locations[pc]
                if l != last { out += ".loc \(l.file) \(l.line) \(l.column)\n" }
                last = l
            }
            out += "        " + line(inst, program) + "\n"
        }
        return out
    }

    /// One instruction, e.g. `vadd.f32 0, 16384, 32768, r8`.
    static func line(_ inst: Instruction, _ program: Program) -> String {
        guard let spec = inst.spec else { return "; unknown opcode \(inst.opcode.rawValue)" }
        var s = spec.mnemonic + inst.suffix.description
        var parts: [String] = []
        for (k, o) in spec.operands.enumerated() where k < inst.operands.count {
            parts.append(operand(inst.operands[k], o.kind, suffix: inst.suffix, program))
        }
        if !parts.isEmpty { s += " " + parts.joined(separator: ", ") }
        return s
    }

    private static func operand(_ v: Operand, _ kind: OperandKind, suffix: TypeSuffix, _ program: Program) -> String {
        let x: Int64
        switch v {
        case .register(let r): return r.description
        case .immediate(let i): x = i
        }
        let byte = UInt8(truncatingIfNeeded: x)
        switch kind {
        case .label: return "L\(x)"
        case .pipe: return Pipe(rawValue: byte).map(\.name) ?? "\(x)"
        case .barrier: return BarrierTarget(rawValue: byte).map(\.name) ?? "\(x)"
        case .cond: return Condition(rawValue: byte).map(\.name) ?? "\(x)"
        case .round: return RoundMode(rawValue: byte).map(\.name) ?? "\(x)"
        case .param: return x >= 0 && x < Int64(program.params.count) ? program.params[Int(x)].name : "\(x)"
        case .float: return floatText(x)
        case .scalar where suffix.primary?.isFloat == true: return floatText(x)
        default: return "\(x)"
        }
    }

    /// A float immediate as text that the assembler turns back into exactly `bits`.
    ///
    /// Immediates hold f32 bits sign-extended from 32 bits; anything else is not a float (the
    /// validator rejects it) and is printed as `f32bits` of its value.
    static func floatText(_ bits: Int64) -> String {
        guard let small = Int32(exactly: bits) else { return "f32bits(\(bits))" }
        let pattern = UInt32(bitPattern: small)
        let f = Float(bitPattern: pattern)
        if f.isNaN { return pattern == Float.nan.bitPattern ? "nan" : "f32bits(0x\(String(pattern, radix: 16)))" }
        if f.isInfinite { return f < 0 ? "-inf" : "inf" }
        return f.description
    }

    /// A string literal in the assembler's syntax (`\"`, `\\`, `\n`, `\t`, `\xHH`).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\x" + (h.count == 1 ? "0" + h : h)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
