/// One problem found by `ProgramValidator`: a stable id, a message, and the instruction index
/// (nil for problems with the parameter or buffer tables).
public struct ValidationIssue: Hashable, Sendable {
    public let id: String
    public let message: String
    public let pc: Int?
    /// The table entry a non-instruction issue is about, so that the bytecode loader can report
    /// the offset of its bytes rather than of the file's start.
    let site: Site?

    enum Site: Hashable, Sendable {
        case paramCount, param(Int), ubSize, bufferCount, buffer(Int), code, debug
    }

    init(id: String, message: String, pc: Int?, site: Site? = nil) {
        self.id = id
        self.message = message
        self.pc = pc
        self.site = site
    }
}

/// Checks a program against the opcode table and the machine limits. The assembler runs it on
/// what it produced and the bytecode loader runs it on what it decoded, so a `.vbin` file made by
/// anything else gets exactly the same checks.
public enum ProgramValidator {
    /// Longest string, and most entries of a table with a 16-bit count, that bytecode can hold.
    private static let maxString = Int(UInt16.max), maxTable = Int(UInt16.max)

    public static func validate(_ p: Program) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func fail(_ id: String, _ message: String, _ pc: Int? = nil, at site: ValidationIssue.Site? = nil) {
            issues.append(ValidationIssue(id: id, message: message, pc: pc, site: site))
        }

        // Parameters: identifiers, unique.
        if p.params.count > Limits.maxParams { fail("bytecode.param", "\(p.params.count) parameters; at most \(Limits.maxParams)", at: .paramCount) }
        var seen = Set<String>()
        for (i, param) in p.params.enumerated() {
            if !isIdentifier(param.name) { fail("bytecode.param", "parameter name \"\(param.name)\" is not an identifier", at: .param(i)) }
            else if Register.number(inName: param.name) != nil { fail("bytecode.param", "parameter name \"\(param.name)\" is a register name", at: .param(i)) }
            if !seen.insert(param.name).inserted { fail("bytecode.param", "parameter \"\(param.name)\" declared twice", at: .param(i)) }
            if param.name.utf8.count > maxString { fail("bytecode.param", "parameter name is \(param.name.utf8.count) bytes; at most \(maxString)", at: .param(i)) }
        }

        // Buffers: inside the UB, aligned, not overlapping, unique names.
        if p.ubSize == 0 || p.ubSize % 32 != 0 { fail("bytecode.buffer", "UB size \(p.ubSize) is not a positive multiple of 32", at: .ubSize) }
        if p.buffers.count > maxTable { fail("bytecode.buffer", "\(p.buffers.count) buffers; at most \(maxTable)", at: .bufferCount) }
        var names = Set<String>()
        let overlapping = overlaps(p.buffers)
        for (i, b) in p.buffers.enumerated() {
            if !isIdentifier(b.name) { fail("bytecode.buffer", "buffer name \"\(b.name)\" is not an identifier", at: .buffer(i)) }
            else if Register.number(inName: b.name) != nil { fail("bytecode.buffer", "buffer name \"\(b.name)\" is a register name", at: .buffer(i)) }
            if !names.insert(b.name).inserted { fail("bytecode.buffer", "buffer \"\(b.name)\" declared twice", at: .buffer(i)) }
            if b.name.utf8.count > maxString { fail("bytecode.buffer", "buffer name is \(b.name.utf8.count) bytes; at most \(maxString)", at: .buffer(i)) }
            if b.alignment < 32 || b.alignment & (b.alignment - 1) != 0 {
                fail("bytecode.buffer", "buffer \(b.name): alignment \(b.alignment) is not a power of two >= 32", at: .buffer(i))
            } else if b.offset % b.alignment != 0 {
                fail("bytecode.buffer", "buffer \(b.name): offset \(b.offset) is not \(b.alignment)-byte aligned", at: .buffer(i))
            }
            let end = UInt64(b.offset) + UInt64(b.size)
            if end > UInt64(p.ubSize) {
                fail("bytecode.buffer", "buffer \(b.name) ends at byte \(end), past the UB size \(p.ubSize)", at: .buffer(i))
            }
            if let other = overlapping[i] {
                fail("bytecode.buffer", "buffer \(b.name) overlaps buffer \(other)", at: .buffer(i))
            }
        }

        if p.instructions.count > Limits.maxInstructions {
            fail("bytecode.code", "\(p.instructions.count) instructions; at most \(Limits.maxInstructions)", at: .code)
        }
        // The debug table's counts and strings must fit their 16-bit length fields.
        if p.debug.files.count > maxTable || p.debug.files.contains(where: { $0.utf8.count > maxString }) {
            fail("bytecode.debug", "debug table has more than \(maxTable) files or a file name longer than \(maxString) bytes", at: .debug)
        }
        if !p.debug.locations.isEmpty && p.debug.locations.count != p.instructions.count {
            fail("bytecode.debug", "debug table has \(p.debug.locations.count) locations for \(p.instructions.count) instructions", at: .debug)
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

    /// For each buffer that overlaps a buffer declared before it, that buffer's name. Empty buffers
    /// overlap nothing. A sweep in offset order, O(n log n), so that a file with many buffers
    /// cannot stall the loader: a buffer overlaps one that starts no later iff it starts before
    /// the largest end seen so far.
    private static func overlaps(_ buffers: [BufferDecl]) -> [Int: String] {
        let order = buffers.indices.filter { buffers[$0].size > 0 }
            .sorted { (buffers[$0].offset, $0) < (buffers[$1].offset, $1) }
        func end(_ i: Int) -> UInt64 { UInt64(buffers[i].offset) + UInt64(buffers[i].size) }
        var result: [Int: String] = [:]
        var widest: Int?
        for i in order {
            if let w = widest {
                if UInt64(buffers[i].offset) < end(w) {
                    let (later, earlier) = i > w ? (i, w) : (w, i)
                    if result[later] == nil { result[later] = buffers[earlier].name }
                }
                if end(i) > end(w) { widest = i }
            } else {
                widest = i
            }
        }
        return result
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
            // Float immediates are f32 bit patterns, stored sign-extended from 32 bits so that each
            // float has exactly one encoding (the 5-byte form).
            if o.kind == .float || (o.kind == .scalar && suffix.primary?.isFloat == true), Int32(exactly: x) == nil {
                return ("bytecode.float", "float immediate 0x\(String(UInt64(bitPattern: x), radix: 16)) is not an f32 bit pattern sign-extended from 32 bits")
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
