/// Decodes and validates `.vbin` bytes (docs/Bytecode.md).
///
/// Nothing in a file is trusted: every length is checked against the bytes that remain before
/// anything is allocated, every section must appear once and in order, and the decoded program
/// is validated again exactly as the assembler validated it (`ProgramValidator`). Any problem is
/// a `BytecodeError` with a stable id and the byte offset.
public struct BytecodeReader {
    private let bytes: [UInt8]
    private var pos = 0
    /// End of the section being read: reads never cross it.
    private var limit: Int
    private var sectionName = "header"

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.limit = bytes.count
    }

    /// Decodes and validates a whole file.
    public static func decode(_ bytes: [UInt8]) -> Result<Program, BytecodeError> {
        var r = BytecodeReader(bytes)
        do {
            var offsets = Offsets()
            let p = try r.program(offsets: &offsets)
            if let issue = ProgramValidator.validate(p).first {
                return .failure(BytecodeError(issue.id, issue.message, offset: offsets.of(issue, fileSize: bytes.count)))
            }
            return .success(p)
        } catch {
            return .failure(error)
        }
    }

    /// Where the decoded entries were found, so that a validation issue names the offset of the
    /// bytes it is about.
    private struct Offsets {
        var paramCount = 0, params: [Int] = [], ubSize = 0, buffers: [Int] = [], codeCount = 0, debugCount = 0
        var instructions: [Int] = []

        func of(_ issue: ValidationIssue, fileSize: Int) -> Int {
            if let pc = issue.pc { return pc < instructions.count ? instructions[pc] : fileSize }
            switch issue.site {
            case .paramCount?: return paramCount
            case .param(let i)?: return i < params.count ? params[i] : paramCount
            case .ubSize?: return ubSize
            case .bufferCount?: return ubSize + 4
            case .buffer(let i)?: return i < buffers.count ? buffers[i] : ubSize
            case .code?: return codeCount
            case .debug?: return debugCount
            case nil: return 0
            }
        }
    }

    private mutating func program(offsets: inout Offsets) throws(BytecodeError) -> Program {
        guard bytes.count >= 4 else {
            throw BytecodeError("bytecode.truncated", "file is \(bytes.count) bytes, too short for the 8-byte header", offset: bytes.count)
        }
        guard Array(bytes[0..<4]) == BytecodeFormat.magic else {
            throw BytecodeError("bytecode.magic", "not a vbin file: wrong magic (expected \"VBIN\")", offset: 0)
        }
        pos = BytecodeFormat.magic.count
        let format = try u16()
        guard format == BytecodeFormat.version else {
            throw BytecodeError("bytecode.version", "unsupported bytecode format version \(format) (this toolchain reads version \(BytecodeFormat.version))", offset: 4)
        }
        let isa = try u16()
        guard isa == ISAVersion.current else {
            throw BytecodeError("bytecode.version", "unsupported ISA version \(isa) (this toolchain implements version \(ISAVersion.current))", offset: 6)
        }

        var program = Program()
        try section(.params) { r throws(BytecodeError) in
            offsets.paramCount = r.pos
            let n = Int(try r.u16())
            for _ in 0..<n {
                let at = r.pos
                offsets.params.append(at)
                let kindByte = try r.u8()
                guard let kind = ParamKind(byte: kindByte) else {
                    throw BytecodeError("bytecode.param", "unknown parameter kind 0x\(hex(kindByte))", offset: at)
                }
                let name = try r.string()
                program.params.append(ParamDecl(name: name, kind: kind))
            }
        }
        try section(.buffers) { r throws(BytecodeError) in
            offsets.ubSize = r.pos
            program.ubSize = try r.u32()
            let n = Int(try r.u16())
            for _ in 0..<n {
                offsets.buffers.append(r.pos)
                let name = try r.string()
                let offset = try r.u32(), size = try r.u32(), align = try r.u32()
                program.buffers.append(BufferDecl(name: name, offset: offset, size: size, alignment: align))
            }
        }
        try section(.code) { r throws(BytecodeError) in
            offsets.codeCount = r.pos
            let n = Int(try r.u32())
            // Each instruction takes at least one byte: reject impossible counts before reserving.
            guard n <= r.limit - r.pos else {
                throw BytecodeError("bytecode.truncated", "code section claims \(n) instructions but holds only \(r.limit - r.pos) bytes", offset: r.pos - 4)
            }
            program.instructions.reserveCapacity(n)
            offsets.instructions.reserveCapacity(n)
            for _ in 0..<n {
                offsets.instructions.append(r.pos)
                program.instructions.append(try r.instruction())
            }
        }
        try section(.debug) { r throws(BytecodeError) in
            let nf = Int(try r.u16())
            for _ in 0..<nf { program.debug.files.append(try r.string()) }
            let at = r.pos
            offsets.debugCount = at
            let nl = Int(try r.u32())
            guard nl == 0 || nl == program.instructions.count else {
                throw BytecodeError("bytecode.debug", "debug table has \(nl) locations for \(program.instructions.count) instructions", offset: at)
            }
            guard nl * 8 <= r.limit - r.pos else {
                throw BytecodeError("bytecode.truncated", "debug section claims \(nl) locations but holds only \(r.limit - r.pos) bytes", offset: at)
            }
            for _ in 0..<nl {
                let lat = r.pos
                let f = try r.u16(), line = try r.u32(), col = try r.u16()
                guard Int(f) < nf else {
                    throw BytecodeError("bytecode.debug", "debug location names file \(f) but the table has \(nf) files", offset: lat)
                }
                program.debug.locations.append(SourceLocation(file: f, line: line, column: col))
            }
        }
        if pos != bytes.count {
            throw BytecodeError("bytecode.trailing", "\(bytes.count - pos) unexpected bytes after the last section", offset: pos)
        }
        return program
    }

    private mutating func section(_ id: BytecodeFormat.Section, _ body: (inout BytecodeReader) throws(BytecodeError) -> Void) throws(BytecodeError) {
        sectionName = "\(id) section header"
        let at = pos
        guard limit - pos >= BytecodeFormat.sectionHeaderSize else {
            throw BytecodeError("bytecode.truncated", "file ends before the \(id) section (byte \(pos) of \(bytes.count))", offset: pos)
        }
        let got = try u8()
        guard got == id.rawValue else {
            let name = BytecodeFormat.Section(rawValue: got).map { "the \($0) section" } ?? "unknown section id \(got)"
            throw BytecodeError("bytecode.section", "expected the \(id) section (id \(id.rawValue)), found \(name)", offset: at)
        }
        let length = Int(try u32())
        guard length <= bytes.count - pos else {
            throw BytecodeError("bytecode.truncated", "\(id) section claims \(length) bytes but only \(bytes.count - pos) remain", offset: at + 1)
        }
        let end = pos + length
        let savedLimit = limit
        limit = end
        sectionName = "\(id) section"
        try body(&self)
        guard pos == end else {
            throw BytecodeError("bytecode.section", "\(id) section has \(end - pos) bytes left over after its contents", offset: pos)
        }
        limit = savedLimit
    }

    private mutating func instruction() throws(BytecodeError) -> Instruction {
        let at = pos
        let op = Opcode(try u8())
        guard let spec = op.spec else {
            throw BytecodeError("bytecode.opcode", "unknown opcode 0x\(hex(op.rawValue))", offset: at)
        }
        var suffix = TypeSuffix.none
        if spec.hasSuffix {
            let sat = pos
            let b = try u8()
            guard let s = TypeSuffix(byte: b), spec.allows(s) else {
                throw BytecodeError("bytecode.suffix", "\(spec.mnemonic) does not take type suffix byte 0x\(hex(b))", offset: sat)
            }
            suffix = s
        }
        var operands: [Operand] = []
        operands.reserveCapacity(spec.operands.count)
        for o in spec.operands {
            let oat = pos
            switch o.kind {
            case .reg:
                let b = try u8()
                guard let r = Register(Int(b)) else {
                    throw BytecodeError("bytecode.operand", "\(spec.mnemonic) operand \(o.name): register number \(b) out of range (0..\(Register.count - 1))", offset: oat)
                }
                operands.append(.register(r))
            case .label:
                operands.append(.immediate(Int64(try u32())))
            case let k where k.isEnumerated:
                operands.append(.immediate(Int64(try u8())))
            default:
                let tag = try u8()
                if let r = Register(Int(tag)) {
                    operands.append(.register(r))
                } else if tag == BytecodeFormat.tagImm32 {
                    operands.append(.immediate(Int64(Int32(bitPattern: try u32()))))
                } else if tag == BytecodeFormat.tagImm64 {
                    let v = Int64(bitPattern: try u64())
                    guard Int32(exactly: v) == nil else {
                        throw BytecodeError("bytecode.operand", "\(spec.mnemonic) operand \(o.name): non-canonical 8-byte immediate \(v) (fits in 4 bytes)", offset: oat)
                    }
                    operands.append(.immediate(v))
                } else {
                    throw BytecodeError("bytecode.operand", "\(spec.mnemonic) operand \(o.name): bad operand tag 0x\(hex(tag))", offset: oat)
                }
            }
        }
        return Instruction(op, suffix: suffix, operands)
    }

    // MARK: - Primitive reads, bounded by the current section

    private mutating func need(_ n: Int) throws(BytecodeError) {
        guard limit - pos >= n else {
            throw BytecodeError("bytecode.truncated", "\(sectionName) ends inside a \(n)-byte field (byte \(pos), section ends at \(limit))", offset: pos)
        }
    }
    private mutating func u8() throws(BytecodeError) -> UInt8 {
        try need(1)
        defer { pos += 1 }
        return bytes[pos]
    }
    private mutating func u16() throws(BytecodeError) -> UInt16 {
        try need(2)
        defer { pos += 2 }
        return UInt16(bytes[pos]) | UInt16(bytes[pos + 1]) << 8
    }
    private mutating func u32() throws(BytecodeError) -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[pos + k]) << UInt32(8 * k) }
        pos += 4
        return v
    }
    private mutating func u64() throws(BytecodeError) -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[pos + k]) << UInt64(8 * k) }
        pos += 8
        return v
    }
    private mutating func string() throws(BytecodeError) -> String {
        let n = Int(try u16())
        let at = pos
        try need(n)
        let slice = bytes[pos..<pos + n]
        pos += n
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw BytecodeError("bytecode.utf8", "string is not valid UTF-8", offset: at)
        }
        return s
    }
}

@inline(never)
func hex(_ b: UInt8) -> String {
    let d = Array("0123456789abcdef")
    return String([d[Int(b >> 4)], d[Int(b & 0xF)]])
}
