/// One problem found by `ProgramValidator`: a stable id, a message, and the instruction index
/// (nil for problems with the parameter or buffer tables).
public struct ValidationIssue: Hashable, Sendable {
    public let id: String
    public let message: String
    public let pc: Int?
}

/// Checks a program against the opcode table and the machine limits. The assembler runs it on
/// what it produced and the bytecode loader runs it on what it decoded, so a `.vbin` file made by
/// anything else gets exactly the same checks.
public enum ProgramValidator {
    public static func validate(_ p: Program) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ id: String, _ message: String, _ pc: Int? = nil) {
            issues.append(ValidationIssue(id: id, message: message, pc: pc))
        }

        // Parameters: identifiers, unique.
        if p.params.count > Limits.maxParams { fail("bytecode.param", "\(p.params.count) parameters; at most \(Limits.maxParams)") }
        var seen = Set<String>()
        for param in p.params {
            if !isIdentifier(param.name) { fail("bytecode.param", "parameter name \"\(param.name)\" is not an identifier") }
            if !seen.insert(param.name).inserted { fail("bytecode.param", "parameter \"\(param.name)\" declared twice") }
        }

        // Buffers: inside the UB, aligned, not overlapping, unique names.
        if p.ubSize == 0 || p.ubSize % 32 != 0 { fail("bytecode.buffer", "UB size \(p.ubSize) is not a positive multiple of 32") }
        var names = Set<String>()
        var ranges: [(UInt64, UInt64, String)] = []
        for b in p.buffers {
            if !isIdentifier(b.name) { fail("bytecode.buffer", "buffer name \"\(b.name)\" is not an identifier") }
            if !names.insert(b.name).inserted { fail("bytecode.buffer", "buffer \"\(b.name)\" declared twice") }
            if b.alignment < 32 || b.alignment & (b.alignment - 1) != 0 {
                fail("bytecode.buffer", "buffer \(b.name): alignment \(b.alignment) is not a power of two >= 32")
            } else if b.offset % b.alignment != 0 {
                fail("bytecode.buffer", "buffer \(b.name): offset \(b.offset) is not \(b.alignment)-byte aligned")
            }
            let end = UInt64(b.offset) + UInt64(b.size)
            if end > UInt64(p.ubSize) {
                fail("bytecode.buffer", "buffer \(b.name) ends at byte \(end), past the UB size \(p.ubSize)")
            }
            for (s, e, other) in ranges where UInt64(b.offset) < e && s < end && b.size > 0 {
                fail("bytecode.buffer", "buffer \(b.name) overlaps buffer \(other)")
            }
            ranges.append((UInt64(b.offset), end, b.name))
        }

        if p.instructions.count > Limits.maxInstructions {
            fail("bytecode.code", "\(p.instructions.count) instructions; at most \(Limits.maxInstructions)")
        }
        if !p.debug.locations.isEmpty && p.debug.locations.count != p.instructions.count {
            fail("bytecode.debug", "debug table has \(p.debug.locations.count) locations for \(p.instructions.count) instructions")
        }

        for (pc, inst) in p.instructions.enumerated() {
            guard let spec = inst.spec else { fail("bytecode.opcode", "unknown opcode \(inst.opcode)", pc); continue }
            if !spec.allows(inst.suffix) {
                fail("bytecode.suffix", "\(spec.mnemonic) does not take suffix \"\(inst.suffix)\"", pc)
            }
            guard inst.operands.count == spec.operands.count else {
                fail("bytecode.operand", "\(spec.mnemonic) takes \(spec.operands.count) operands, has \(inst.operands.count)", pc)
                continue
            }
            for (k, o) in spec.operands.enumerated() {
                if let message = check(o, inst.operands[k], spec: spec, suffix: inst.suffix, program: p) {
                    fail(message.0, "\(spec.mnemonic) operand \(k + 1) (\(o.name)): \(message.1)", pc)
                }
            }
            // A flag joins two different pipes.
            if spec.cost == .flag, case .immediate(let a) = inst.operands[0], case .immediate(let b) = inst.operands[1], a == b {
                fail("bytecode.flag", "\(spec.mnemonic): source and destination pipe are both \(Pipe(rawValue: UInt8(truncatingIfNeeded: a))?.name ?? "?"); a flag joins two different pipes", pc)
            }
        }
        return issues
    }

    /// Checks one operand; returns (id, message) on failure.
    private static func check(_ o: OperandSpec, _ v: Operand, spec: OpcodeSpec, suffix: TypeSuffix, program p: Program) -> (String, String)? {
        switch (o.kind, v) {
        case (.reg, .register):
            return nil
        case (.reg, .immediate):
            return ("bytecode.operand", "expected a register")
        case (_, .register) where !o.kind.isRegisterOrImmediate:
            return ("bytecode.operand", "a \(o.kind.rawValue) operand cannot be a register")
        case (_, .register):
            return nil
        case (.label, .immediate(let t)):
            return (t >= 0 && t < p.instructions.count) ? nil
                : ("bytecode.branch", "branch target \(t) is outside the code (0..<\(p.instructions.count))")
        case (.pipe, .immediate(let x)):
            return Pipe(rawValue: UInt8(truncatingIfNeeded: x)) != nil && x >= 0 && x < 4 ? nil : ("bytecode.operand", "\(x) is not a pipe")
        case (.barrier, .immediate(let x)):
            if x == 0 { return ("bytecode.barrier", "pipe_barrier(S) is illegal: the scalar pipe is always in order") }
            return x >= 1 && x <= 4 ? nil : ("bytecode.operand", "\(x) is not a barrier target")
        case (.flag, .immediate(let x)):
            return x >= 0 && x <= 7 ? nil : ("bytecode.flag", "flag id \(x) is out of range 0..7")
        case (.cond, .immediate(let x)):
            return x >= 0 && x < Int64(Condition.allCases.count) ? nil : ("bytecode.operand", "\(x) is not a condition")
        case (.round, .immediate(let x)):
            return x >= 0 && x < Int64(RoundMode.allCases.count) ? nil : ("bytecode.operand", "\(x) is not a rounding mode")
        case (.param, .immediate(let x)):
            return x >= 0 && x < Int64(p.params.count) ? nil : ("bytecode.param", "parameter index \(x) out of range (\(p.params.count) parameters)")
        case (_, .immediate(let x)):
            if let r = o.range, !r.contains(x) {
                return ("bytecode.range", "immediate \(x) out of range \(r.lowerBound)...\(r.upperBound)")
            }
            if o.kind == .ub {
                if x % 32 != 0 { return ("bytecode.alignment", "UB address \(x) is not 32-byte aligned") }
                if x >= Int64(p.ubSize) { return ("bytecode.range", "UB address \(x) is outside the UB (\(p.ubSize) bytes)") }
            }
            if o.kind == .ubByte {
                let size = Int64(suffix.primary?.size ?? 1)
                if x % size != 0 { return ("bytecode.alignment", "UB address \(x) is not \(size)-byte aligned") }
                if x + size > Int64(p.ubSize) { return ("bytecode.range", "UB address \(x) is outside the UB (\(p.ubSize) bytes)") }
            }
            return nil
        }
    }
}

/// ASCII identifier: a letter or `_`, then letters, digits, `_` or `.`.
public func isIdentifier(_ s: String) -> Bool {
    guard let first = s.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
    return s.utf8.allSatisfy { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || isLetter($0) || ($0 >= 48 && $0 <= 57) }
}

private func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
