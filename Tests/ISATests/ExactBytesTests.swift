import XCTest
@testable import ISA

/// Exact byte strings computed by hand from docs/Bytecode.md.
final class ExactBytesTests: XCTestCase {
    private func check(_ inst: Instruction, _ hex: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(hexString(encodeOne(inst)), hexString(hexBytes(hex)), "\(inst)", file: file, line: line)
    }

    func testScalarInstructions() {
        // nop: opcode only.
        check(Instruction(Opcode(0x00), []), "00")
        // add r3, r4, -1: reg, reg, then tag 0x40 and -1 as 4 bytes little-endian.
        check(Instruction(Opcode(0x02), [reg(3), reg(4), .immediate(-1)]), "02 03 04 40 ff ff ff ff")
        // mov r31, -2147483648 (Int32.min): still the 4-byte form.
        check(Instruction(Opcode(0x01), [reg(31), .immediate(Int64(Int32.min))]), "01 1f 40 00 00 00 80")
        // mov r0, 2147483648 (Int32.max + 1): the 8-byte form.
        check(Instruction(Opcode(0x01), [reg(0), .immediate(Int64(Int32.max) + 1)]), "01 00 41 00 00 00 80 00 00 00 00")
        // mov r1, Int64.min.
        check(Instruction(Opcode(0x01), [reg(1), .immediate(Int64.min)]), "01 01 41 00 00 00 00 00 00 00 80")
        // cset r1, r2, 10, ge: condition ge = 5 as one byte.
        check(Instruction(Opcode(0x0f), [reg(1), reg(2), .immediate(10), .immediate(5)]), "0f 01 02 40 0a 00 00 00 05")
        // add r1, r2, r31: a register in a register-or-immediate slot is its number as the tag.
        check(Instruction(Opcode(0x02), [reg(1), reg(2), reg(31)]), "02 01 02 1f")
        // ldparam r4, param 2.
        check(Instruction(Opcode(0x12), [reg(4), .immediate(2)]), "12 04 02")
    }

    func testFloatAndMemoryInstructions() {
        // fadd r1, r2, 1.5: 1.5f = 0x3fc00000.
        check(Instruction(Opcode(0x21), [reg(1), reg(2), .immediate(0x3fc0_0000)]), "21 01 02 40 00 00 c0 3f")
        // ftoi r1, r2, floor: floor = 2.
        check(Instruction(Opcode(0x29), [reg(1), reg(2), .immediate(2)]), "29 01 02 02")
        // ld.i64 r9, 4096: suffix i64 = 6, UB address 0x1000.
        check(Instruction(Opcode(0x30), suffix: .single(.i64), [reg(9), .immediate(4096)]), "30 06 09 40 00 10 00 00")
        // ldg.f16 r1, 2^63-1: suffix f16 = 2, 8-byte GM address.
        check(Instruction(Opcode(0x32), suffix: .single(.f16), [reg(1), .immediate(Int64.max)]),
              "32 02 01 41 ff ff ff ff ff ff ff 7f")
    }

    func testControlFlow() {
        // bne r2, r5, target 0x01020304: label as u32 little-endian.
        check(Instruction(Opcode(0x3a), [reg(2), reg(5), .immediate(0x0102_0304)]), "3a 02 05 04 03 02 01")
        // jmp 0.
        check(Instruction(Opcode(0x38), [.immediate(0)]), "38 00 00 00 00")
        // trap 65535.
        check(Instruction(Opcode(0x37), [.immediate(65535)]), "37 40 ff ff 00 00")
    }

    func testVectorAndDMA() {
        // vcvt.f16.f32 0x40, r7, 128, rz: pair suffix f16 << 4 | f32 = 0x23; rz = 1.
        check(Instruction(Opcode(0x68), suffix: .pair(.f16, .f32), [.immediate(0x40), reg(7), .immediate(128), .immediate(1)]),
              "68 23 40 40 00 00 00 07 40 80 00 00 00 01")
        // vcmp.i32 32, 64, 96, 64, ne: suffix i32 = 4, ne = 1.
        check(Instruction(Opcode(0x60), suffix: .single(.i32),
                          [.immediate(32), .immediate(64), .immediate(96), .immediate(64), .immediate(1)]),
              "60 04 40 20 00 00 00 40 40 00 00 00 40 60 00 00 00 40 40 00 00 00 01")
        // copy_gm_ub_pad r0, r1, 1, 100, 4294967295, 0: srcgap needs 8 bytes.
        check(Instruction(Opcode(0x81), [reg(0), reg(1), .immediate(1), .immediate(100), .immediate(4_294_967_295), .immediate(0)]),
              "81 00 01 40 01 00 00 00 40 64 00 00 00 41 ff ff ff ff 00 00 00 00 40 00 00 00 00")
        // scatter_add.f16 r3, 0, 256, 16, 4: suffix f16 = 2.
        check(Instruction(Opcode(0x8a), suffix: .single(.f16), [reg(3), .immediate(0), .immediate(256), .immediate(16), .immediate(4)]),
              "8a 02 03 40 00 00 00 00 40 00 01 00 00 40 10 00 00 00 40 04 00 00 00")
    }

    func testSynchronisation() {
        // set_flag MTE2, V, 3: pipes MTE2 = 2, V = 1.
        check(Instruction(Opcode(0x90), [.immediate(2), .immediate(1), .immediate(3)]), "90 02 01 03")
        // pipe_barrier ALL = 4.
        check(Instruction(Opcode(0x92), [.immediate(4)]), "92 04")
        // sync_all.
        check(Instruction(Opcode(0x93), []), "93")
    }

    /// The worked example of docs/Bytecode.md: the program encodes to the hand-derived bytes, and
    /// the bytes decode to the program.
    func testWorkedExampleEncodesToTheDocumentedBytes() {
        let expected = workedExample
        XCTAssertEqual(expected.count, Example.end)
        let encoded = BytecodeWriter.encode(workedExampleProgram)
        XCTAssertEqual(hexString(encoded), hexString(expected))
        XCTAssertEqual(decoded(expected), workedExampleProgram)
        XCTAssertEqual(ProgramValidator.validate(workedExampleProgram), [])
    }

    /// The file layout with empty tables: the first instruction at byte 35 (used by the rejection
    /// tests).
    func testMinimalFileLayout() {
        let p = Program(instructions: [Instruction(Opcode(0x3f), [])])
        let expected = hexBytes("""
            56 42 49 4e 01 00 01 00
            01 02 00 00 00 00 00
            02 06 00 00 00 00 00 03 00 00 00
            03 05 00 00 00 01 00 00 00 3f
            04 06 00 00 00 00 00 00 00 00 00
            """)
        XCTAssertEqual(hexString(BytecodeWriter.encode(p)), hexString(expected))
        XCTAssertEqual(expected, minimalFile(instructionCount: 1, code: [0x3f]))
        XCTAssertEqual(expected[35], 0x3f)
    }

    /// Bytes of the fixed enumerations, as the document lists them.
    func testEnumerationBytes() {
        for t in ElementType.allCases { XCTAssertEqual(t.rawValue, elementByte[t], "\(t)") }
        XCTAssertEqual(Pipe.allCases.map(\.rawValue), [0, 1, 2, 3])
        XCTAssertEqual(Pipe.allCases.map(\.name), ["S", "V", "MTE2", "MTE3"])
        XCTAssertEqual(BarrierTarget.allCases.map(\.rawValue), [1, 2, 3, 4])
        XCTAssertEqual(Condition.allCases.map(\.name), ["eq", "ne", "lt", "le", "gt", "ge"])
        XCTAssertEqual(Condition.allCases.map(\.rawValue), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(RoundMode.allCases.map(\.name), ["rn", "rz", "floor", "ceil", "ra"])
        XCTAssertEqual(RoundMode.allCases.map(\.rawValue), [0, 1, 2, 3, 4])
        XCTAssertEqual(ParamKind.gm(nil).byte, 0x00)
        XCTAssertEqual(ParamKind.i64.byte, 0x01)
        XCTAssertEqual(ParamKind.f32.byte, 0x02)
        XCTAssertEqual(ParamKind.gm(.f16).byte, 0x12)
        XCTAssertEqual(TypeSuffix.pair(.i32, .f32).byte, 0x43)
        for k in OperandKind.allCases {
            XCTAssertEqual(k.isEnumerated, enumeratedKinds.contains(k), "\(k)")
            XCTAssertEqual(k.isRegisterOrImmediate, taggedKinds.contains(k), "\(k)")
        }
        XCTAssertEqual(BytecodeFormat.magic, Array("VBIN".utf8))
    }
}
