import XCTest
@testable import ISA

/// Seeded mutation fuzzing of the loader: random changes to valid files must never crash the
/// reader; a rejected file gets one of the documented error ids with an offset inside the file,
/// and an accepted file re-encodes to exactly its own bytes (the encoding is canonical).
final class FuzzTests: XCTestCase {
    /// Every id docs/Bytecode.md lists.
    static let documentedIDs: Set<String> = [
        "bytecode.truncated", "bytecode.magic", "bytecode.version", "bytecode.section", "bytecode.trailing",
        "bytecode.param", "bytecode.buffer", "bytecode.code", "bytecode.debug", "bytecode.utf8",
        "bytecode.opcode", "bytecode.suffix", "bytecode.operand", "bytecode.range", "bytecode.alignment",
        "bytecode.branch", "bytecode.barrier", "bytecode.flag", "bytecode.float",
    ]

    /// One valid instance of every instruction, a branch back to the start, and debug locations.
    static func everyOpcodeProgram() -> Program {
        var insts: [Instruction] = []
        for spec in OpcodeTable.all {
            var pipes = 0
            let ops = spec.operands.map { o -> Operand in
                switch o.kind {
                case .reg: return reg(insts.count % 32)
                case .int: return .immediate(o.range?.upperBound ?? -5_000_000_000)
                case .float: return .immediate(0x3F80_0000)
                case .scalar: return .immediate(-2)
                case .ub: return .immediate(96)
                case .ubByte: return .immediate(64)
                case .gm: return reg(2)
                case .label: return .immediate(0)
                case .pipe: pipes += 1; return .immediate(Int64(pipes))
                case .barrier: return .immediate(4)
                case .flag: return .immediate(3)
                case .cond: return .immediate(2)
                case .round: return .immediate(1)
                case .param: return .immediate(1)
                }
            }
            insts.append(Instruction(spec.opcode, suffix: spec.suffixes.last!, ops))
        }
        let locations = insts.indices.map { SourceLocation(file: UInt16($0 % 2), line: UInt32($0 + 1), column: 9) }
        return Program(params: [ParamDecl(name: "x", kind: .gm(.f16)), ParamDecl(name: "n", kind: .i64), ParamDecl(name: "s", kind: .f32)],
                       buffers: [BufferDecl(name: "in0", offset: 0, size: 4096, alignment: 64),
                                 BufferDecl(name: "out_0", offset: 4096, size: 8192, alignment: 32)],
                       instructions: insts, debug: DebugInfo(files: ["main.asm", "lib/ü.inc"], locations: locations))
    }

    private func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        let interesting: [UInt32] = [0, 1, 2, 7, 8, 31, 32, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF]
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            if b.isEmpty { b.append(UInt8.random(in: 0...255, using: &rng)); continue }
            let at = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: b[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: b[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 2: b.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 3: b.remove(at: at)
            case 4: b.removeLast(Int.random(in: 1...b.count, using: &rng))
            case 5:
                let v = le32(interesting.randomElement(using: &rng)!)
                for k in 0..<4 where at + k < b.count { b[at + k] = v[k] }
            case 6:
                let end = min(b.count, at + Int.random(in: 1...16, using: &rng))
                b.insert(contentsOf: b[at..<end], at: Int.random(in: 0...b.count, using: &rng))
            default:
                // A small change to a byte: immediates and counts off by one.
                b[at] = b[at] &+ (Bool.random(using: &rng) ? 1 : 255)
            }
        }
        return b
    }

    func testMutatedFilesNeverCrashAndAcceptedOnesAreCanonical() {
        let program = Self.everyOpcodeProgram()
        XCTAssertEqual(ProgramValidator.validate(program), [])
        let bases = [workedExample, BytecodeWriter.encode(program), minimalFile(instructionCount: 1, code: [0x3f])]
        for base in bases { XCTAssertNotNil(decoded(base)) }

        var rng = SplitMix64(seed: 0x910B_2C)
        var accepted = 0, rejected = 0
        var ids = Set<String>()
        for (n, base) in bases.enumerated() {
            for i in 0..<2000 {
                let bytes = mutate(base, &rng)
                switch BytecodeReader.decode(bytes) {
                case .success(let p):
                    let again = BytecodeWriter.encode(p)
                    if again != bytes {
                        XCTFail("base \(n) mutation \(i): accepted but re-encodes differently\n\(hexString(bytes))\n\(hexString(again))")
                    }
                    accepted += 1
                case .failure(let e):
                    XCTAssertTrue(Self.documentedIDs.contains(e.id), "undocumented id \(e.id)")
                    XCTAssertTrue(e.offset >= 0 && e.offset <= bytes.count, "base \(n) mutation \(i): offset \(e.offset) of \(bytes.count): \(e)")
                    XCTAssertFalse(e.message.isEmpty)
                    ids.insert(e.id)
                    rejected += 1
                }
            }
        }
        // Both outcomes occur, and the mutations reach many different checks.
        XCTAssertGreaterThan(accepted, 100)
        XCTAssertGreaterThan(rejected, 3000)
        XCTAssertGreaterThanOrEqual(ids.count, 12, "ids reached: \(ids.sorted())")
    }

    /// Random bytes after a valid header: the section parser must cope with anything.
    func testRandomBodiesNeverCrash() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<64, using: &rng)
            let body = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let bytes = Array(workedExample[0..<8]) + body
            if case .failure(let e) = BytecodeReader.decode(bytes) {
                XCTAssertTrue(Self.documentedIDs.contains(e.id), e.id)
                XCTAssertLessThanOrEqual(e.offset, bytes.count)
            }
        }
    }
}
