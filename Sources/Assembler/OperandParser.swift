import ISA

/// Parses one operand by its kind in the opcode table (docs/ISA.md lists the kinds).
extension AssemblyContext {
    func operand(_ o: OperandSpec, index k: Int, spec: OpcodeSpec, suffix: TypeSuffix, line: StatementTokens,
                 range r: Range<Int>, pc: Int) throws(LineError) -> Operand {
        let t = line.tokens
        let first = t[r.lowerBound]
        let single: String? = r.count == 1 && first.kind == .identifier ? text(line.view, first) : nil

        // A register, where the kind allows one.
        if let name = single, let reg = register(named: name) {
            switch reg {
            case .failure(let e): throw LineError(offset: first.start, id: e.id, message: e.message)
            case .success(let register):
                if o.kind == .reg || o.kind.isRegisterOrImmediate { return .register(register) }
                throw LineError(offset: first.start, id: "asm.operand-kind", message: "expected \(Self.describe(o.kind)), found register \(name)")
            }
        }

        switch o.kind {
        case .reg:
            throw LineError(offset: first.start, id: "asm.operand-kind", message: "expected a register, found \(describeOperand(line, r))")
        case .label:
            guard let name = single else {
                throw LineError(offset: first.start, id: "asm.operand-kind", message: "expected a label name, found \(describeOperand(line, r))")
            }
            fixups.append(Fixup(pc: pc, operand: k, name: qualifiedLabel(name), written: name, site: line.view.site(first.start),
                                notes: line.view.notes(first.start)))
            return .immediate(0)
        case .pipe, .barrier, .cond, .round:
            return .immediate(try enumerated(o.kind, single, line, r))
        case .param:
            guard let name = single else {
                throw LineError(offset: first.start, id: "asm.operand-kind", message: "expected a parameter name, found \(describeOperand(line, r))")
            }
            guard let p = paramIndex[name] else {
                throw LineError(offset: first.start, id: "asm.unknown-param", message: "no parameter '\(name)' (declare it with .param)")
            }
            return .immediate(Int64(p.index))
        case .float:
            return .immediate(try floatImmediate(line, r))
        case .scalar where suffix.primary?.isFloat == true:
            return .immediate(try floatImmediate(line, r))
        default:
            let v = try evaluate(line, r)
            try check(v, o, suffix: suffix, at: first.start)
            return .immediate(v)
        }
    }

    /// Range and alignment checks of an integer immediate.
    private func check(_ v: Int64, _ o: OperandSpec, suffix: TypeSuffix, at offset: Int) throws(LineError) {
        if o.kind == .flag, !(0...7).contains(v) {
            throw LineError(offset: offset, id: "asm.range", message: "flag id \(v) is out of range 0..7")
        }
        if let range = o.range, !range.contains(v) {
            throw LineError(offset: offset, id: "asm.range", message: "immediate \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        switch o.kind {
        case .ub:
            if v % 32 != 0 {
                throw LineError(offset: offset, id: "asm.alignment", message: "UB address \(v) is not 32-byte aligned (\(v % 32) bytes past a 32-byte boundary)")
            }
            if v >= Int64(ubSize) {
                throw LineError(offset: offset, id: "asm.range", message: "UB address \(v) is outside the UB (\(ubSize) bytes)")
            }
        case .ubByte:
            let size = Int64(suffix.primary?.size ?? 1)
            if v % size != 0 {
                throw LineError(offset: offset, id: "asm.alignment", message: "UB address \(v) is not \(size)-byte aligned for \(suffix)")
            }
            if v > Int64(ubSize) - size {
                throw LineError(offset: offset, id: "asm.range", message: "UB address \(v) is outside the UB (\(ubSize) bytes)")
            }
        default:
            break
        }
    }

    /// Pipes, barrier targets, conditions and rounding modes, by name (case-insensitive).
    private func enumerated(_ kind: OperandKind, _ name: String?, _ line: StatementTokens, _ r: Range<Int>) throws(LineError) -> Int64 {
        let at = line.tokens[r.lowerBound].start
        let value: UInt8?
        switch kind {
        case .pipe: value = name.flatMap { Pipe(name: $0) }?.rawValue
        case .barrier:
            if let n = name, n.uppercased() == "S" {
                throw LineError(offset: at, id: "asm.barrier-s", message: "pipe_barrier(S) is illegal: the scalar pipe is always in order")
            }
            value = name.flatMap { BarrierTarget(name: $0) }?.rawValue
        case .cond: value = name.flatMap { Condition(name: $0) }?.rawValue
        default: value = name.flatMap { RoundMode(name: $0) }?.rawValue
        }
        guard let v = value else {
            throw LineError(offset: at, id: "asm.operand-kind", message: "expected \(Self.describe(kind)), found \(describeOperand(line, r))")
        }
        return Int64(v)
    }

    /// A float immediate as an IEEE binary32 bit pattern sign-extended from 32 bits (so that each
    /// float has one encoding; `ProgramValidator` checks it): a float literal with an optional
    /// sign (`0.5`, `-1e-3`, `inf`, `-inf`, `nan`), `f32bits(EXPR)` for an exact bit pattern
    /// (what the disassembler writes for NaN payloads), or an integer expression converted to
    /// the nearest float.
    private func floatImmediate(_ line: StatementTokens, _ r: Range<Int>) throws(LineError) -> Int64 {
        let t = line.tokens
        var i = r.lowerBound
        var negative = false
        while i < r.upperBound, t[i].kind == .minus || t[i].kind == .plus {
            if t[i].kind == .minus { negative.toggle() }
            i += 1
        }
        if i == r.upperBound - 1 {
            let tok = t[i]
            let word = text(line.view, tok)
            var f: Float?
            if tok.kind == .float {
                let clean = word.filter { $0 != "_" }
                f = Float(clean)
                if let v = f, v.isInfinite {
                    throw LineError(offset: tok.start, id: "asm.range", message: "float literal \(word) is out of the f32 range")
                }
            } else if tok.kind == .identifier, symbols[word] == nil {
                switch word {
                case "inf": f = .infinity
                case "nan": f = .nan
                default: break
                }
            }
            if var v = f {
                if negative { v = -v }
                return Self.immediate(v.bitPattern)
            }
        }
        if r.count >= 3, t[r.lowerBound].kind == .identifier, text(line.view, t[r.lowerBound]) == "f32bits",
           t[r.lowerBound + 1].kind == .lparen, t[r.upperBound - 1].kind == .rparen {
            let v = try evaluate(line, (r.lowerBound + 2)..<(r.upperBound - 1))
            guard v >= Int64(Int32.min), v <= Int64(UInt32.max) else {
                throw LineError(offset: t[r.lowerBound].start, id: "asm.range", message: "f32bits(\(v)) does not fit in 32 bits")
            }
            return Self.immediate(UInt32(truncatingIfNeeded: v))
        }
        if let bad = t[r].first(where: { $0.kind == .float }) {
            throw LineError(offset: bad.start, id: "asm.syntax", message: "a float literal cannot be part of an expression; write the value")
        }
        let v = try evaluate(line, r)
        return Self.immediate(Float(v).bitPattern)
    }

    /// The immediate that holds f32 bits: sign-extended from 32 bits.
    static func immediate(_ bits: UInt32) -> Int64 { Int64(Int32(bitPattern: bits)) }

    private func describeOperand(_ line: StatementTokens, _ r: Range<Int>) -> String {
        let s = String(decoding: line.view.bytes[line.tokens[r.lowerBound].start..<line.tokens[r.upperBound - 1].end], as: UTF8.self)
        return "'\(s)'"
    }

    static func describe(_ kind: OperandKind) -> String {
        switch kind {
        case .reg: "a register"
        case .int: "a register or an integer"
        case .float: "a register or a float"
        case .scalar: "a register or an immediate"
        case .ub: "a register or a UB address"
        case .ubByte: "a register or a UB address"
        case .gm: "a register or a GM address"
        case .label: "a label"
        case .pipe: "a pipe (S, V, MTE2, MTE3)"
        case .barrier: "a barrier target (V, MTE2, MTE3, ALL)"
        case .flag: "a flag id 0..7"
        case .cond: "a condition (eq, ne, lt, le, gt, ge)"
        case .round: "a rounding mode (rn, rz, floor, ceil, ra)"
        case .param: "a parameter name"
        }
    }
}
