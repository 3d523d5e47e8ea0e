import XCTest
@testable import ISA

// Helpers shared by the ISA tests. Everything here is written from docs/Bytecode.md, not from
// the writer: the little-endian helpers, the container builder and the reference operand encoder
// are independent re-implementations of the spec, so that comparing them with BytecodeWriter
// checks the writer against the document.

/// Parses hex digits, ignoring whitespace and `;` comments up to the end of a line.
func hexBytes(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8] {
    var out: [UInt8] = []
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let code = rawLine.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        for word in code.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard word.count == 2, let b = UInt8(word, radix: 16) else {
                XCTFail("bad hex byte '\(word)'", file: file, line: line)
                return out
            }
            out.append(b)
        }
    }
    return out
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { b in
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 0xF)]])
    }.joined(separator: " ")
}

func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
func lenString(_ s: String) -> [UInt8] { le16(UInt16(s.utf8.count)) + Array(s.utf8) }

/// A `.vbin` container built by hand from docs/Bytecode.md: magic "VBIN", format and ISA
/// versions (u16 LE), then each section as id (u8), payload length (u32 LE), payload.
func container(format: UInt16 = 1, isa: UInt16 = 1, sections: [(UInt8, [UInt8])]) -> [UInt8] {
    var out: [UInt8] = [0x56, 0x42, 0x49, 0x4E] + le16(format) + le16(isa)
    for (id, payload) in sections {
        out.append(id)
        out += le32(UInt32(payload.count))
        out += payload
    }
    return out
}

/// Payloads of the four sections for a file with no parameters, no buffers, the given code
/// bytes, and no debug information. In such a file the first instruction starts at byte 35:
/// header 8 + params (5 + 2) + buffers (5 + 4 + 2) + code header 5 + instruction count 4.
func minimalFile(ubSize: UInt32 = 196_608, instructionCount: UInt32, code: [UInt8],
                 params: [UInt8] = le16(0)) -> [UInt8] {
    container(sections: [
        (1, params),
        (2, le32(ubSize) + le16(0)),
        (3, le32(instructionCount) + code),
        (4, le16(0) + le32(0)),
    ])
}

/// Bytes of the element-type suffixes as docs/Bytecode.md lists them.
let elementByte: [ElementType: UInt8] = [.u8: 1, .f16: 2, .f32: 3, .i32: 4, .u32: 5, .i64: 6]

func suffixByte(_ s: TypeSuffix) -> UInt8 {
    switch s {
    case .none: 0
    case .single(let t): elementByte[t]!
    case .pair(let d, let src): elementByte[d]! << 4 | elementByte[src]!
    }
}

/// Operand kinds encoded as one byte holding the value (docs/Bytecode.md, "Operands").
let enumeratedKinds: Set<OperandKind> = [.pipe, .barrier, .flag, .cond, .round, .param]
/// Operand kinds encoded with a register-or-immediate tag.
let taggedKinds: Set<OperandKind> = [.int, .float, .scalar, .ub, .ubByte, .gm]

/// Width in bytes of one operand, by the spec's formula.
func operandWidth(_ kind: OperandKind, _ value: Operand) -> Int {
    switch kind {
    case .reg: return 1
    case .label: return 4
    case let k where enumeratedKinds.contains(k): return 1
    default:
        switch value {
        case .register: return 1
        case .immediate(let v): return v >= Int64(Int32.min) && v <= Int64(Int32.max) ? 5 : 9
        }
    }
}

/// Length of an encoded instruction: opcode 1 + suffix 1 if the instruction takes one + operands.
func expectedLength(_ inst: Instruction, _ spec: OpcodeSpec) -> Int {
    1 + (spec.suffixes == [.none] ? 0 : 1) + zip(spec.operands, inst.operands).map { operandWidth($0.kind, $1) }.reduce(0, +)
}

/// A reference encoder of one instruction, written from the spec.
func referenceEncode(_ inst: Instruction, _ spec: OpcodeSpec) -> [UInt8] {
    var out: [UInt8] = [inst.opcode.rawValue]
    if spec.suffixes != [.none] { out.append(suffixByte(inst.suffix)) }
    for (o, v) in zip(spec.operands, inst.operands) {
        switch (o.kind, v) {
        case (.reg, .register(let r)): out.append(r.index)
        case (.label, .immediate(let t)): out += le32(UInt32(t))
        case (let k, .immediate(let x)) where enumeratedKinds.contains(k): out.append(UInt8(x))
        case (_, .register(let r)): out.append(r.index)
        case (_, .immediate(let x)):
            if x >= Int64(Int32.min) && x <= Int64(Int32.max) {
                out.append(0x40)
                out += le32(UInt32(bitPattern: Int32(x)))
            } else {
                out.append(0x41)
                out += le64(UInt64(bitPattern: x))
            }
        }
    }
    return out
}

func encodeOne(_ inst: Instruction) -> [UInt8] {
    var w = BytecodeWriter()
    w.instruction(inst)
    return w.bytes
}

func reg(_ n: Int) -> Operand { .register(Register(n)!) }

/// Asserts that decoding fails with this id at this offset.
func assertRejected(_ bytes: [UInt8], _ id: String, at offset: Int, _ note: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    switch BytecodeReader.decode(bytes) {
    case .success:
        XCTFail("expected \(id) at byte \(offset), but the file was accepted \(note)", file: file, line: line)
    case .failure(let e):
        XCTAssertEqual(e.id, id, "\(e) \(note)", file: file, line: line)
        XCTAssertEqual(e.offset, offset, "\(e) \(note)", file: file, line: line)
    }
}

func decoded(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> Program? {
    switch BytecodeReader.decode(bytes) {
    case .success(let p): return p
    case .failure(let e):
        XCTFail("decode failed: \(e)", file: file, line: line)
        return nil
    }
}

/// The repository root, from this file's path (Tests/ISATests/Support.swift).
func repositoryRoot() -> String {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}

/// A small deterministic generator (SplitMix64), so that fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - The worked example of docs/Bytecode.md

/// The program of the worked example, as the assembler would build it from `k.asm`:
///
/// ```asm
/// .param out, gm.f32                   ; line 1
/// .buffer buf, 256                     ; line 2
///     ldparam r1, out                  ; line 3
///     vdup.f32 buf, 1.0, 64
///     set_flag V, MTE3, 0
///     wait_flag V, MTE3, 0
///     copy_ub_gm r1, buf, 1, 8, 0, 0
///     end                              ; line 8
/// ```
let workedExampleProgram = Program(
    params: [ParamDecl(name: "out", kind: .gm(.f32))],
    buffers: [BufferDecl(name: "buf", offset: 0, size: 256, alignment: 32)],
    instructions: [
        Instruction(Opcode(0x12), [reg(1), .immediate(0)]),
        Instruction(Opcode(0x55), suffix: .single(.f32), [.immediate(0), .immediate(Int64(Float(1.0).bitPattern)), .immediate(64)]),
        Instruction(Opcode(0x90), [.immediate(Int64(Pipe.v.rawValue)), .immediate(Int64(Pipe.mte3.rawValue)), .immediate(0)]),
        Instruction(Opcode(0x91), [.immediate(Int64(Pipe.v.rawValue)), .immediate(Int64(Pipe.mte3.rawValue)), .immediate(0)]),
        Instruction(Opcode(0x88), [reg(1), .immediate(0), .immediate(1), .immediate(8), .immediate(0), .immediate(0)]),
        Instruction(Opcode(0x3f), []),
    ],
    debug: DebugInfo(files: ["k.asm"], locations: (3...8).map { SourceLocation(file: 0, line: UInt32($0), column: 5) }),
    ubSize: 196_608)

/// The bytes of the worked example, derived by hand from docs/Bytecode.md (the same listing is
/// in the document; `BytecodeDocsTests` checks that the two agree). 180 bytes.
let workedExampleHex = """
    56 42 49 4e 01 00 01 00                 ; 0: "VBIN", format 1, ISA 1
    01 08 00 00 00                          ; 8: params section, 8 bytes
    01 00                                   ; 13: 1 parameter
    13 03 00 6f 75 74                       ; 15: gm.f32 "out"
    02 17 00 00 00                          ; 21: buffers section, 23 bytes
    00 00 03 00                             ; 26: UB size 196608
    01 00                                   ; 30: 1 buffer
    03 00 62 75 66                          ; 32: "buf"
    00 00 00 00 00 01 00 00 20 00 00 00     ; 37: offset 0, size 256, alignment 32
    03 3c 00 00 00                          ; 49: code section, 60 bytes
    06 00 00 00                             ; 54: 6 instructions
    12 01 00                                ; 58: ldparam r1, out
    55 03 40 00 00 00 00 40 00 00 80 3f     ; 61: vdup.f32 buf, 1.0, 64
    40 40 00 00 00
    90 01 03 00                             ; 78: set_flag V, MTE3, 0
    91 01 03 00                             ; 82: wait_flag V, MTE3, 0
    88 01 40 00 00 00 00 40 01 00 00 00     ; 86: copy_ub_gm r1, buf, 1, 8, 0, 0
    40 08 00 00 00 40 00 00 00 00 40 00
    00 00 00
    3f                                      ; 113: end
    04 3d 00 00 00                          ; 114: debug section, 61 bytes
    01 00 05 00 6b 2e 61 73 6d              ; 119: 1 file, "k.asm"
    06 00 00 00                             ; 128: 6 locations
    00 00 03 00 00 00 05 00                 ; 132: file 0, line 3, column 5
    00 00 04 00 00 00 05 00                 ; 140
    00 00 05 00 00 00 05 00                 ; 148
    00 00 06 00 00 00 05 00                 ; 156
    00 00 07 00 00 00 05 00                 ; 164
    00 00 08 00 00 00 05 00                 ; 172
    """

/// Hand-derived layout of the worked example: byte offsets of its sections and fields.
enum Example {
    static let paramsSection = 8, buffersSection = 21, codeSection = 49, debugSection = 114, end = 180
    static let paramName = 18, ubSize = 26, bufferEntry = 32
    /// Offsets of the six instructions.
    static let inst = [58, 61, 78, 82, 86, 113]
    static let vdupSuffix = 62, vdupDstTag = 63, vdupDstValue = 64, vdupNTag = 73
    static let setFlagDst = 80, setFlagID = 81
    static let ldparamReg = 59, ldparamParam = 60
    static let copyDstTag = 87
    static let debugLocationCount = 128, firstLocation = 132
}

var workedExample: [UInt8] { hexBytes(workedExampleHex) }
