import Assembler
import ISA
import XCTest

/// Random valid programs built straight from the opcode table (every kind, suffix and range),
/// then encode -> disassemble -> assemble -> encode must give the same bytes.
final class PropertyRoundTripTests: XCTestCase {
    func testRandomProgramsRoundTrip() {
        var rng = SeededRandom(seed: 0x5EED_0910B)
        var instructionsChecked = 0
        var opcodesSeen = Set<UInt8>()
        for iteration in 0..<1500 {
            let p = randomProgram(&rng)
            let issues = ProgramValidator.validate(p)
            XCTAssertEqual(issues.map(\.message), [], "generator made an invalid program (iteration \(iteration))")
            if !issues.isEmpty { continue }
            let bytes = BytecodeWriter.encode(p)
            let text = Disassembler.text(p)
            let r = Assembler.assemble(source: Array(text.utf8), path: "<random>", options: AssemblerOptions(fileReader: { _ in nil }))
            guard let q = r.program else {
                XCTFail("iteration \(iteration): disassembly does not assemble:\n\(r.diagnostics.rendered())\n\(text)")
                return
            }
            if BytecodeWriter.encode(q) != bytes {
                XCTAssertEqual(q.instructions, p.instructions, "iteration \(iteration)")
                XCTAssertEqual(q.debug, p.debug, "iteration \(iteration)")
                XCTFail("iteration \(iteration): bytes differ after the round trip:\n\(text)")
                return
            }
            instructionsChecked += p.instructions.count
            for i in p.instructions { opcodesSeen.insert(i.opcode.rawValue) }
        }
        XCTAssertGreaterThan(instructionsChecked, 20_000)
        XCTAssertEqual(opcodesSeen.count, OpcodeTable.all.count, "every opcode was generated")
    }

    private let names = ["x", "y", "_t0", "in.a", "out_b", "n", "scale", "L0", "Lx", "end", "nop", "S", "gm"]

    private func randomProgram(_ rng: inout SeededRandom) -> Program {
        var p = Program()
        if Bool.random(using: &rng) { p.ubSize = UInt32(Int.random(in: 1...8192, using: &rng) * 32) }
        let kinds: [ParamKind] = [.gm(nil), .i64, .f32] + ElementType.allCases.map { .gm($0) }
        for name in names.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)) {
            p.params.append(ParamDecl(name: name, kind: kinds.randomElement(using: &rng)!))
        }
        // Buffers, in order or with gaps, never overlapping, inside the UB.
        var cursor: UInt64 = 0
        for name in names.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)).map({ "b_" + $0 }) {
            let align = UInt64(32 << Int.random(in: 0...4, using: &rng))
            var offset = (cursor + align - 1) / align * align
            if Int.random(in: 0..<3, using: &rng) == 0 { offset += align * UInt64.random(in: 1...4, using: &rng) }
            let size = UInt64.random(in: 0...512, using: &rng)
            guard offset + size <= UInt64(p.ubSize) else { break }
            p.buffers.append(BufferDecl(name: name, offset: UInt32(offset), size: UInt32(size), alignment: UInt32(align)))
            cursor = offset + size
        }
        let count = Int.random(in: 1...40, using: &rng)
        let specs = OpcodeTable.all.filter { s in !p.params.isEmpty || !s.operands.contains { $0.kind == .param } }
        for _ in 0..<count {
            let spec = specs.randomElement(using: &rng)!
            let suffix = spec.suffixes.randomElement(using: &rng)!
            var operands: [Operand] = []
            for o in spec.operands { operands.append(randomOperand(o, suffix: suffix, count: count, program: p, &rng)) }
            // A flag joins two different pipes.
            if spec.cost == .flag, operands[0] == operands[1] {
                operands[1] = .immediate((operands[0] == .immediate(0)) ? 1 : 0)
            }
            p.instructions.append(Instruction(spec.opcode, suffix: suffix, operands))
        }
        // Debug information: real-looking, odd file names, or none.
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: break
        case 1: p.debug.files = ["only/files.asm"]
        default:
            let files = ["k/a.asm", "a \"quoted\" \\ name.inc", "tab\tand\u{1}ctl.asm", "ünïcode.inc"]
            p.debug.files = Array(files.prefix(Int.random(in: 1...files.count, using: &rng)))
            var last = SourceLocation(file: 0, line: 1, column: 1)
            for _ in p.instructions {
                if Int.random(in: 0..<3, using: &rng) > 0 {
                    last = SourceLocation(file: UInt16.random(in: 0..<UInt16(p.debug.files.count), using: &rng),
                                          line: UInt32.random(in: 0...UInt32.max, using: &rng), column: UInt16.random(in: 0...UInt16.max, using: &rng))
                }
                p.debug.locations.append(last)
            }
        }
        return p
    }

    /// A value near the ends of a range half of the time, anywhere in it otherwise.
    private func pick(_ r: ClosedRange<Int64>, _ rng: inout SeededRandom) -> Int64 {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return r.lowerBound
        case 1: return r.upperBound
        case 2:
            let (span, overflow) = r.upperBound.subtractingReportingOverflow(r.lowerBound)
            return r.lowerBound &+ Int64.random(in: 0...(overflow ? 3 : min(3, span)), using: &rng)
        default: return Int64.random(in: r, using: &rng)
        }
    }

    private func randomOperand(_ o: OperandSpec, suffix: TypeSuffix, count: Int, program p: Program, _ rng: inout SeededRandom) -> Operand {
        let register = Operand.register(Register(Int.random(in: 0..<Register.count, using: &rng))!)
        if o.kind == .reg || (o.kind.isRegisterOrImmediate && Int.random(in: 0..<4, using: &rng) == 0) { return register }
        switch o.kind {
        case .label: return .immediate(Int64.random(in: 0..<Int64(count), using: &rng))
        case .pipe: return .immediate(Int64.random(in: 0...3, using: &rng))
        case .barrier: return .immediate(Int64.random(in: 1...4, using: &rng))
        case .flag: return .immediate(Int64.random(in: 0...7, using: &rng))
        case .cond: return .immediate(Int64.random(in: 0..<Int64(Condition.allCases.count), using: &rng))
        case .round: return .immediate(Int64.random(in: 0..<Int64(RoundMode.allCases.count), using: &rng))
        case .param: return .immediate(Int64.random(in: 0..<Int64(p.params.count), using: &rng))
        case .ub: return .immediate(32 * Int64.random(in: 0..<Int64(p.ubSize / 32), using: &rng))
        case .ubByte:
            let size = Int64(suffix.primary?.size ?? 1)
            return .immediate(size * Int64.random(in: 0...(Int64(p.ubSize) / size - 1), using: &rng))
        case .float: return .immediate(randomFloatBits(&rng))
        case .scalar where suffix.primary?.isFloat == true: return .immediate(randomFloatBits(&rng))
        default: return .immediate(pick(o.range ?? Int64.min...Int64.max, &rng))
        }
    }

    /// f32 bit patterns of every class (normal, subnormal, zero, inf, NaN with payloads),
    /// sign-extended from 32 bits as the validator requires.
    private func randomFloatBits(_ rng: inout SeededRandom) -> Int64 {
        let pattern: UInt32
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: pattern = Float(Double.random(in: -1000...1000, using: &rng)).bitPattern
        case 1: pattern = [0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 1, 0x7F7F_FFFF, 0xFFC0_0001].randomElement(using: &rng)!
        default: pattern = UInt32.random(in: 0...UInt32.max, using: &rng)
        }
        return Int64(Int32(bitPattern: pattern))
    }
}
