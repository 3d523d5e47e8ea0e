import XCTest
@testable import ISA

/// Encoding tests generated from the opcode table: every opcode, every allowed suffix, every
/// operand position with boundary values of its kind. Each case checks the instruction's bytes
/// against the length formula and the reference encoder of docs/Bytecode.md, then runs a whole
/// program through encode and decode: values the validation rules accept must come back equal
/// and re-encode to the same bytes; values they reject must be rejected with the id the rules
/// predict, at the instruction's offset.
final class TableEncodingTests: XCTestCase {
    /// Two parameters, so parameter indices 0 and 1 are valid.
    private static let params = [ParamDecl(name: "a", kind: .gm(nil)), ParamDecl(name: "b", kind: .i64)]
    /// UB sizes the cases are checked against: the 910B default and the largest multiple of 32.
    private static let ubSizes: [UInt32] = [196_608, 0xFFFF_FFE0]

    /// Offset of the first instruction in a file with `params` and no buffers:
    /// header 8, params section 5 + count 2 + (kind 1 + name length 2 + 1 byte) x 2, buffers
    /// section 5 + 4 + 2, code section header 5 + instruction count 4.
    private static let firstInstructionOffset = 8 + 5 + 2 + 4 * 2 + 5 + 6 + 5 + 4

    private struct Case {
        var inst: Instruction
        var spec: OpcodeSpec
        var what: String
    }

    /// A valid default for each operand position.
    private static func defaultOperand(_ o: OperandSpec, pipeOrdinal: Int) -> Operand {
        switch o.kind {
        case .reg: return reg(1)
        case .int: return .immediate(o.range?.lowerBound ?? 7)
        case .float: return .immediate(0x3F80_0000)
        case .scalar: return .immediate(3)
        case .ub: return .immediate(64)
        case .ubByte: return .immediate(0)
        case .gm: return .immediate(4096)
        case .label: return .immediate(0)
        case .pipe: return .immediate(Int64(pipeOrdinal))
        case .barrier: return .immediate(1)
        case .flag, .cond, .round, .param: return .immediate(0)
        }
    }

    /// Boundary values for one operand slot.
    private static func candidates(_ o: OperandSpec) -> [Operand] {
        switch o.kind {
        case .reg:
            return [reg(0), reg(31)]
        case .label:
            return [0, 1, 2, Int64(UInt32.max)].map { .immediate($0) }
        case .pipe: return [0, 1, 2, 3, 4, 255].map { .immediate($0) }
        case .barrier: return [0, 1, 2, 3, 4, 5, 255].map { .immediate($0) }
        case .flag: return [0, 1, 6, 7, 8, 255].map { .immediate($0) }
        case .cond: return [0, 5, 6, 255].map { .immediate($0) }
        case .round: return [0, 4, 5, 255].map { .immediate($0) }
        case .param: return [0, 1, 2, 255].map { .immediate($0) }
        default:
            var values: [Int64] = [0, -1, 1, 31, 32, Int64(Int32.min), Int64(Int32.max), Int64(Int32.max) + 1,
                                   Int64(Int32.min) - 1, Int64.min, Int64.max, 196_576, 196_608,
                                   Int64(UInt32.max), Int64(UInt32.max) + 1, 0xFFFF_FFC0, 0xFFFF_FFE0]
            if let r = o.range {
                values += [r.lowerBound, r.upperBound]
                if r.lowerBound > Int64.min { values.append(r.lowerBound - 1) }
                if r.upperBound < Int64.max { values.append(r.upperBound + 1) }
            }
            var seen = Set<Int64>()
            return [reg(0), reg(31)] + values.filter { seen.insert($0).inserted }.map { .immediate($0) }
        }
    }

    /// The id the validation rules of docs/Bytecode.md predict for this instruction in a program of
    /// `count` instructions with two parameters, or nil when it is valid.
    private static func predictedIssue(_ inst: Instruction, _ spec: OpcodeSpec, count: Int, ubSize: UInt32) -> String? {
        let ub = Int64(ubSize)
        for (k, o) in spec.operands.enumerated() {
            guard case .immediate(let x) = inst.operands[k] else { continue }
            let issue: String?
            switch o.kind {
            case .label: issue = x >= 0 && x < Int64(count) ? nil : "bytecode.branch"
            case .pipe: issue = (0...3).contains(x) ? nil : "bytecode.operand"
            case .barrier: issue = x == 0 ? "bytecode.barrier" : (1...4).contains(x) ? nil : "bytecode.operand"
            case .flag: issue = (0...7).contains(x) ? nil : "bytecode.flag"
            case .cond: issue = (0...5).contains(x) ? nil : "bytecode.operand"
            case .round: issue = (0...4).contains(x) ? nil : "bytecode.operand"
            case .param: issue = x >= 0 && x < 2 ? nil : "bytecode.param"
            case .reg: issue = "bytecode.operand"
            default:
                let isFloat = o.kind == .float || (o.kind == .scalar && inst.suffix.primary?.isFloat == true)
                if let r = o.range, !r.contains(x) {
                    issue = "bytecode.range"
                } else if isFloat, Int32(exactly: x) == nil {
                    issue = "bytecode.float"  // f32 bits are stored sign-extended from 32 bits
                } else if o.kind == .ub {
                    issue = x % 32 != 0 ? "bytecode.alignment" : x >= ub ? "bytecode.range" : nil
                } else if o.kind == .ubByte {
                    let size = Int64(inst.suffix.primary?.size ?? 1)
                    issue = x % size != 0 ? "bytecode.alignment" : x + size > ub ? "bytecode.range" : nil
                } else {
                    issue = nil
                }
            }
            if let issue { return issue }
        }
        // set_flag / wait_flag join two different pipes.
        if spec.mnemonic == "set_flag" || spec.mnemonic == "wait_flag", inst.operands[0] == inst.operands[1] {
            return "bytecode.flag"
        }
        return nil
    }

    private static func allCases() -> [Case] {
        var cases: [Case] = []
        for spec in OpcodeTable.all {
            for suffix in spec.suffixes {
                var pipeOrdinal = 0
                let defaults = spec.operands.map { o -> Operand in
                    defer { if o.kind == .pipe { pipeOrdinal += 1 } }
                    return defaultOperand(o, pipeOrdinal: pipeOrdinal)
                }
                cases.append(Case(inst: Instruction(spec.opcode, suffix: suffix, defaults), spec: spec,
                                  what: "\(spec.mnemonic)\(suffix) defaults"))
                for (k, o) in spec.operands.enumerated() {
                    for value in candidates(o) {
                        var ops = defaults
                        ops[k] = value
                        cases.append(Case(inst: Instruction(spec.opcode, suffix: suffix, ops), spec: spec,
                                          what: "\(spec.mnemonic)\(suffix) operand \(k) (\(o.name), \(o.kind)) = \(value)"))
                    }
                }
            }
        }
        return cases
    }

    /// Every case: the instruction's length follows the formula and its bytes equal the reference
    /// encoder's.
    func testEveryInstructionEncodesByTheSpec() {
        var checked = 0
        var longForms = 0
        for c in Self.allCases() {
            let bytes = encodeOne(c.inst)
            XCTAssertEqual(bytes.count, expectedLength(c.inst, c.spec), c.what)
            XCTAssertEqual(bytes.first, c.spec.opcode.rawValue, c.what)
            if c.spec.hasSuffix { XCTAssertEqual(bytes[1], suffixByte(c.inst.suffix), c.what) }
            XCTAssertEqual(hexString(bytes), hexString(referenceEncode(c.inst, c.spec)), c.what)
            if bytes.contains(0x41), expectedLength(c.inst, c.spec) > 1 + (c.spec.hasSuffix ? 1 : 0) + 5 * c.spec.operands.count {
                longForms += 1
            }
            checked += 1
        }
        // Every opcode and suffix gives at least a default case; the 8-byte form is exercised.
        let suffixCount = OpcodeTable.all.map(\.suffixes.count).reduce(0, +)
        XCTAssertGreaterThan(checked, suffixCount * 5)
        XCTAssertGreaterThan(longForms, 100)
    }

    /// Every case through a whole program: accepted values round-trip exactly, rejected ones are
    /// rejected with the predicted id at the instruction's offset.
    func testEveryInstructionRoundTripsOrIsRejectedAsPredicted() {
        var accepted = 0, rejected = 0
        var rejectedIDs = Set<String>()
        for c in Self.allCases() {
            for ubSize in Self.ubSizes {
                // The instruction, then `end`, so that labels 0 and 1 are inside the code.
                let program = Program(params: Self.params, instructions: [c.inst, Instruction(Opcode(0x3f), [])], ubSize: ubSize)
                let bytes = BytecodeWriter.encode(program)
                let at = Self.firstInstructionOffset
                let length = expectedLength(c.inst, c.spec)
                guard bytes.count >= at + length + 1 else {
                    XCTFail("\(c.what): file too short"); continue
                }
                XCTAssertEqual(hexString(bytes[at..<at + length]), hexString(referenceEncode(c.inst, c.spec)), c.what)
                XCTAssertEqual(bytes[at + length], 0x3f, c.what)
                let prediction = Self.predictedIssue(c.inst, c.spec, count: 2, ubSize: ubSize)
                // The in-memory validator agrees with the prediction.
                XCTAssertEqual(ProgramValidator.validate(program).first?.id, prediction, "\(c.what), UB \(ubSize)")
                switch (BytecodeReader.decode(bytes), prediction) {
                case (.success(let back), nil):
                    XCTAssertEqual(back, program, c.what)
                    XCTAssertEqual(BytecodeWriter.encode(back), bytes, c.what)
                    accepted += 1
                case (.failure(let e), let id?):
                    XCTAssertEqual(e.id, id, "\(c.what), UB \(ubSize): \(e)")
                    XCTAssertEqual(e.offset, at, "\(c.what), UB \(ubSize): \(e)")
                    rejectedIDs.insert(e.id)
                    rejected += 1
                case (.success, let id?):
                    XCTFail("\(c.what), UB \(ubSize): accepted, expected \(id)")
                case (.failure(let e), nil):
                    XCTFail("\(c.what), UB \(ubSize): rejected: \(e)")
                }
            }
        }
        XCTAssertGreaterThan(accepted, 1000)
        XCTAssertGreaterThan(rejected, 1000)
        XCTAssertEqual(rejectedIDs, ["bytecode.branch", "bytecode.operand", "bytecode.barrier", "bytecode.flag",
                                     "bytecode.param", "bytecode.range", "bytecode.alignment", "bytecode.float"])
    }

    /// Registers r0 and r31 in every register slot of every instruction, through a whole program.
    func testRegisterBoundsInEveryRegisterSlot() {
        for spec in OpcodeTable.all {
            let slots = spec.operands.indices.filter { spec.operands[$0].kind == .reg || taggedKinds.contains(spec.operands[$0].kind) }
            for r in [0, 31] where !slots.isEmpty {
                var pipeOrdinal = 0
                var ops = spec.operands.map { o -> Operand in
                    defer { if o.kind == .pipe { pipeOrdinal += 1 } }
                    return Self.defaultOperand(o, pipeOrdinal: pipeOrdinal)
                }
                for k in slots { ops[k] = reg(r) }
                let inst = Instruction(spec.opcode, suffix: spec.suffixes[0], ops)
                // Each register operand is one byte: the register number.
                XCTAssertEqual(encodeOne(inst).count, expectedLength(inst, spec), spec.mnemonic)
                let p = Program(params: Self.params, instructions: [inst, Instruction(Opcode(0x3f), [])])
                XCTAssertEqual(decoded(BytecodeWriter.encode(p)), p, "\(spec.mnemonic) r\(r)")
            }
        }
    }

    /// Every one of the 256 suffix bytes after each suffixed opcode: allowed ones decode to that
    /// suffix, every other byte is `bytecode.suffix` at the suffix byte.
    func testEverySuffixByteForEverySuffixedOpcode() {
        var rejected = 0
        for spec in OpcodeTable.all where spec.hasSuffix {
            var pipeOrdinal = 0
            let ops = spec.operands.map { o -> Operand in
                defer { if o.kind == .pipe { pipeOrdinal += 1 } }
                return Self.defaultOperand(o, pipeOrdinal: pipeOrdinal)
            }
            let good = encodeOne(Instruction(spec.opcode, suffix: spec.suffixes[0], ops))
            let allowed = Dictionary(uniqueKeysWithValues: spec.suffixes.map { (suffixByte($0), $0) })
            for b in 0...255 {
                var code = good
                code[1] = UInt8(b)
                let file = minimalFile(instructionCount: 2, code: code + [0x3f], params: le16(2) + [0x00] + lenString("a") + [0x01] + lenString("b"))
                let at = Self.firstInstructionOffset
                if let s = allowed[UInt8(b)] {
                    let p = decoded(file)
                    XCTAssertEqual(p?.instructions.first?.suffix, s, "\(spec.mnemonic) suffix byte \(b)")
                } else {
                    assertRejected(file, "bytecode.suffix", at: at + 1, "\(spec.mnemonic) suffix byte \(b)")
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(rejected, 1000)
    }

    /// Every unassigned opcode byte is `bytecode.opcode` at the instruction.
    func testEveryUnassignedOpcodeIsRejected() {
        let assigned = Set(OpcodeTable.all.map(\.opcode.rawValue))
        XCTAssertEqual(assigned.count, OpcodeTable.all.count, "opcode numbers are unique")
        for b in 0...255 where !assigned.contains(UInt8(b)) {
            assertRejected(minimalFile(instructionCount: 1, code: [UInt8(b)]), "bytecode.opcode", at: 35, "opcode \(b)")
        }
    }

    /// The table's own invariants that the encoding relies on.
    func testTableInvariants() {
        var mnemonics = Set<String>()
        for spec in OpcodeTable.all {
            XCTAssertTrue(mnemonics.insert(spec.mnemonic).inserted, "duplicate mnemonic \(spec.mnemonic)")
            XCTAssertFalse(spec.suffixes.isEmpty, spec.mnemonic)
            XCTAssertEqual(Set(spec.suffixes.map(suffixByte)).count, spec.suffixes.count, spec.mnemonic)
            if spec.hasSuffix { XCTAssertFalse(spec.suffixes.contains(.none), spec.mnemonic) }
            XCTAssertTrue(OpcodeTable.spec(mnemonic: spec.mnemonic)?.opcode == spec.opcode)
            XCTAssertLessThanOrEqual(spec.operands.filter { $0.kind == .label }.count, 1, spec.mnemonic)
            for o in spec.operands where o.range != nil {
                XCTAssertTrue(taggedKinds.contains(o.kind) || o.kind == .flag, "\(spec.mnemonic) \(o.name): ranges apply to immediates")
            }
        }
        // `OpcodeTable.all` is documented as being in opcode order.
        let numbers = OpcodeTable.all.map(\.opcode.rawValue)
        XCTAssertEqual(numbers, numbers.sorted())
    }
}
