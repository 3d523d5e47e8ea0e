/// Encodes a `Program` as `.vbin` bytes (docs/Bytecode.md).
///
/// The encoding is canonical: the same program always gives the same bytes, and an immediate
/// takes the 4-byte form whenever it fits, so that disassembling and re-assembling is exact.
public struct BytecodeWriter {
    private var out: [UInt8] = []

    public init() {}

    /// `program` must have passed `ProgramValidator.validate` (the assembler and the reader both
    /// run it): the format's tables and strings have 16-bit counts, and a program beyond them
    /// cannot be written at all, so an unvalidated one with more than 65,535 parameters, buffers,
    /// files or string bytes stops here with a message rather than writing a corrupt file.
    public static func encode(_ program: Program) -> [UInt8] {
        for (what, n) in [("parameters", program.params.count), ("buffers", program.buffers.count), ("debug files", program.debug.files.count)]
        where n > Int(UInt16.max) {
            preconditionFailure("BytecodeWriter.encode: \(n) \(what) (at most 65,535); validate the program first")
        }
        var w = BytecodeWriter()
        w.write(program)
        return w.out
    }

    private mutating func write(_ p: Program) {
        out += BytecodeFormat.magic
        u16(BytecodeFormat.version)
        u16(ISAVersion.current)

        section(.params) { w in
            w.u16(UInt16(p.params.count))
            for param in p.params {
                w.u8(param.kind.byte)
                w.string(param.name)
            }
        }
        section(.buffers) { w in
            w.u32(p.ubSize)
            w.u16(UInt16(p.buffers.count))
            for b in p.buffers {
                w.string(b.name)
                w.u32(b.offset)
                w.u32(b.size)
                w.u32(b.alignment)
            }
        }
        section(.code) { w in
            w.u32(UInt32(p.instructions.count))
            for inst in p.instructions { w.instruction(inst) }
        }
        section(.debug) { w in
            w.u16(UInt16(p.debug.files.count))
            for f in p.debug.files { w.string(f) }
            w.u32(UInt32(p.debug.locations.count))
            for l in p.debug.locations {
                w.u16(l.file)
                w.u32(l.line)
                w.u16(l.column)
            }
        }
    }

    /// Encodes one instruction (used by the section writer and by encoding tests).
    public mutating func instruction(_ inst: Instruction) {
        u8(inst.opcode.rawValue)
        guard let spec = inst.spec else { return }
        if spec.hasSuffix { u8(inst.suffix.byte) }
        for (k, operand) in inst.operands.enumerated() where k < spec.operands.count {
            let kind = spec.operands[k].kind
            switch (kind, operand) {
            case (.reg, .register(let r)):
                u8(r.index)
            case (.label, .immediate(let v)):
                u32(UInt32(truncatingIfNeeded: v))
            case (_, .register(let r)):
                u8(r.index)
            case (_, .immediate(let v)) where kind.isEnumerated:
                u8(UInt8(truncatingIfNeeded: v))
            case (_, .immediate(let v)):
                if let small = Int32(exactly: v) {
                    u8(BytecodeFormat.tagImm32)
                    u32(UInt32(bitPattern: small))
                } else {
                    u8(BytecodeFormat.tagImm64)
                    u64(UInt64(bitPattern: v))
                }
            }
        }
    }

    public var bytes: [UInt8] { out }

    private mutating func section(_ id: BytecodeFormat.Section, _ body: (inout BytecodeWriter) -> Void) {
        var inner = BytecodeWriter()
        body(&inner)
        u8(id.rawValue)
        u32(UInt32(inner.out.count))
        out += inner.out
    }

    private mutating func u8(_ v: UInt8) { out.append(v) }
    private mutating func u16(_ v: UInt16) { out.append(UInt8(v & 0xFF)); out.append(UInt8(v >> 8)) }
    private mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    private mutating func u64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
    private mutating func string(_ s: String) {
        let bytes = Array(s.utf8)
        precondition(bytes.count <= Int(UInt16.max), "BytecodeWriter.encode: a name or file name of \(bytes.count) bytes (at most 65,535); validate the program first")
        u16(UInt16(bytes.count))
        out += bytes
    }
}
