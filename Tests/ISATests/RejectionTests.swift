import XCTest
@testable import ISA

/// Bad bytecode: each test breaks the worked example of docs/Bytecode.md (or a minimal file) in
/// one way and checks the error id and byte offset that the document specifies. Offsets come
/// from the hand-derived layout in `Example`.
final class RejectionTests: XCTestCase {
    private var base: [UInt8] { workedExample }

    private func patched(_ changes: [Int: UInt8]) -> [UInt8] {
        var b = base
        for (at, v) in changes { b[at] = v }
        return b
    }

    private func patched(at offset: Int, _ bytes: [UInt8]) -> [UInt8] {
        var b = base
        b.replaceSubrange(offset..<offset + bytes.count, with: bytes)
        return b
    }

    /// The four section payloads of the worked example.
    private var payloads: [(UInt8, [UInt8])] {
        let b = base
        return [(1, Array(b[13..<21])), (2, Array(b[26..<49])), (3, Array(b[54..<114])), (4, Array(b[119..<180]))]
    }

    func testTheBaseFileIsValid() {
        XCTAssertEqual(decoded(base), workedExampleProgram)
        XCTAssertEqual(container(sections: payloads), base)
    }

    // MARK: Truncation

    /// Every strict prefix of a valid file is `bytecode.truncated`, at the offset the document gives:
    /// the file length below 4 bytes, the version field that does not fit, the section header that
    /// does not fit (its id byte), or the length field of a section whose payload does not fit.
    func testEveryStrictPrefixIsTruncated() {
        let b = base
        let sections = [(Example.paramsSection, Example.buffersSection), (Example.buffersSection, Example.codeSection),
                        (Example.codeSection, Example.debugSection), (Example.debugSection, Example.end)]
        for length in 0..<b.count {
            let expected: Int
            switch length {
            case 0..<4: expected = length
            case 4..<6: expected = 4
            case 6..<8: expected = 6
            default:
                let (start, _) = sections.first { length >= $0.0 && length < $0.1 }!
                expected = length < start + 5 ? start : start + 1
            }
            assertRejected(Array(b[0..<length]), "bytecode.truncated", at: expected, "prefix of \(length) bytes")
        }
    }

    /// Cuts inside one section whose length field is rewritten to match: the reader runs out of
    /// bytes inside a field and reports that field's offset. `atoms` are the fields of the section
    /// in order (start, end); a cut at `payloadStart + c` fails at the first atom ending after it.
    private func checkCutsInside(section start: Int, end: Int, atoms: [(Int, Int)], file: StaticString = #filePath, line: UInt = #line) {
        let payloadStart = start + 5
        for c in 0..<(end - payloadStart) {
            var b = Array(base[0..<payloadStart + c])
            b.replaceSubrange(start + 1..<start + 5, with: le32(UInt32(c)))
            let atom = atoms.first { $0.1 > payloadStart + c }!
            assertRejected(b, "bytecode.truncated", at: atom.0, "cut \(c) into the section at \(start)", file: file, line: line)
        }
    }

    func testTruncationInsideTheParamsSection() {
        checkCutsInside(section: Example.paramsSection, end: Example.buffersSection,
                        atoms: [(13, 15), (15, 16), (16, 18), (18, 21)])
    }

    func testTruncationInsideTheBuffersSection() {
        checkCutsInside(section: Example.buffersSection, end: Example.codeSection,
                        atoms: [(26, 30), (30, 32), (32, 34), (34, 37), (37, 41), (41, 45), (45, 49)])
    }

    func testTruncationInsideTheCodeSection() {
        // The count (54) is checked against the bytes left: 6 instructions need at least 6 bytes
        // after it, so any cut before byte 64 fails at the count.
        var atoms = [(54, 64)]
        let fields: [(Int, Int)] = [
            (58, 1), (59, 1), (60, 1),                                                      // ldparam
            (61, 1), (62, 1), (63, 1), (64, 4), (68, 1), (69, 4), (73, 1), (74, 4),        // vdup.f32
            (78, 1), (79, 1), (80, 1), (81, 1), (82, 1), (83, 1), (84, 1), (85, 1),        // set_flag, wait_flag
            (86, 1), (87, 1), (88, 1), (89, 4), (93, 1), (94, 4), (98, 1), (99, 4),        // copy_ub_gm
            (103, 1), (104, 4), (108, 1), (109, 4),
            (113, 1),                                                                       // end
        ]
        atoms += fields.map { ($0.0, $0.0 + $0.1) }
        checkCutsInside(section: Example.codeSection, end: Example.debugSection, atoms: atoms)
    }

    func testTruncationInsideTheDebugSection() {
        // The location count (128) is checked against the bytes left: 6 locations need 48.
        checkCutsInside(section: Example.debugSection, end: Example.end,
                        atoms: [(119, 121), (121, 123), (123, 128), (128, 180)])
    }

    func testEmptyFileAndHugeCounts() {
        assertRejected([], "bytecode.truncated", at: 0)
        // 255 instructions claimed in a 60-byte code section: rejected at the count before reserving.
        assertRejected(patched([Example.inst[0] - 4: 0xff]), "bytecode.truncated", at: 54)
        // 2^32-1 instructions.
        assertRejected(patched(at: 54, [0xff, 0xff, 0xff, 0xff]), "bytecode.truncated", at: 54)
    }

    // MARK: Header

    func testWrongMagic() {
        assertRejected(patched([0: 0x57]), "bytecode.magic", at: 0)
        assertRejected(patched(at: 0, [0x7f, 0x45, 0x4c, 0x46]), "bytecode.magic", at: 0)
        // Magic is checked before anything else, even in a 4-byte file.
        assertRejected([0x56, 0x42, 0x49, 0x4f], "bytecode.magic", at: 0)
    }

    func testFutureFormatVersion() {
        assertRejected(patched([4: 2]), "bytecode.version", at: 4)
        assertRejected(patched([4: 0]), "bytecode.version", at: 4)
        assertRejected(patched([5: 1]), "bytecode.version", at: 4) // 0x0101 = 257
    }

    func testFutureISAVersion() {
        assertRejected(patched([6: 2]), "bytecode.version", at: 6)
        assertRejected(patched([7: 1]), "bytecode.version", at: 6)
        // The format version is checked first.
        assertRejected(patched([4: 2, 6: 2]), "bytecode.version", at: 4)
    }

    // MARK: Sections

    func testSectionsOutOfOrder() {
        let p = payloads
        assertRejected(container(sections: [p[1], p[0], p[2], p[3]]), "bytecode.section", at: 8)
        assertRejected(container(sections: [p[0], p[1], p[3], p[2]]), "bytecode.section", at: 49)
        // A section repeated: the second params section stands where buffers must be.
        assertRejected(container(sections: [p[0], p[0], p[1], p[2], p[3]]), "bytecode.section", at: 21)
        // A section missing.
        assertRejected(container(sections: [p[0], p[2], p[3]]), "bytecode.section", at: 21)
        // Unknown section id.
        assertRejected(patched([Example.paramsSection: 9]), "bytecode.section", at: 8)
        assertRejected(patched([Example.debugSection: 0]), "bytecode.section", at: 114)
    }

    func testSectionLengthPastEndOfFile() {
        assertRejected(patched(at: 50, le32(0xFFFF_FFFF)), "bytecode.truncated", at: 50)
        assertRejected(patched(at: 115, le32(62)), "bytecode.truncated", at: 115)
    }

    func testSectionLengthDisagreeingWithItsContents() {
        // Params length 7 instead of 8: the name "out" (3 bytes at 18) does not fit in 20.
        assertRejected(patched(at: 9, le32(7)), "bytecode.truncated", at: 18)
        // One byte more than the contents: left over at the end of the section.
        var p = payloads
        p[0].1.append(0)
        assertRejected(container(sections: p), "bytecode.section", at: 21)
        // A debug section with zero locations but the locations still there.
        assertRejected(patched(at: Example.debugLocationCount, le32(0)), "bytecode.section", at: 132)
    }

    func testTrailingBytes() {
        assertRejected(base + [0], "bytecode.trailing", at: 180)
        assertRejected(base + base, "bytecode.trailing", at: 180)
    }

    // MARK: Parameters and buffers

    func testInvalidUTF8Names() {
        assertRejected(patched([Example.paramName: 0xff]), "bytecode.utf8", at: 18)
        assertRejected(patched(at: Example.paramName, [0x6f, 0xc0, 0xaf]), "bytecode.utf8", at: 18) // overlong "/"
        assertRejected(patched(at: 34, [0xed, 0xa0, 0x80]), "bytecode.utf8", at: 34)                // a surrogate, in the buffer name
        assertRejected(patched([125: 0x80]), "bytecode.utf8", at: 123)                               // in the debug file name
    }

    func testBadParameters() {
        assertRejected(patched([15: 0x07]), "bytecode.param", at: 15)   // unknown kind
        assertRejected(patched([15: 0x10]), "bytecode.param", at: 15)   // gm of element type 0
        assertRejected(patched([15: 0x17]), "bytecode.param", at: 15)   // gm of element type 7
        assertRejected(patched([Example.paramName: 0x39]), "bytecode.param", at: 15)  // "9ut" is not an identifier
        // Two parameters with the same name: the second entry (at 21) is named.
        let params = le16(2) + [0x00] + lenString("p") + [0x01] + lenString("p")
        assertRejected(minimalFile(instructionCount: 1, code: [0x3f], params: params), "bytecode.param", at: 19)
    }

    func testParameterIndexOutOfRange() {
        assertRejected(patched([Example.ldparamParam: 1]), "bytecode.param", at: Example.inst[0])
        assertRejected(patched([Example.ldparamParam: 255]), "bytecode.param", at: Example.inst[0])
    }

    /// In a file without parameters the buffers section starts at 15: UB size at 20, count at 24,
    /// first entry at 26; an entry with a one-letter name is 15 bytes, so the second is at 41.
    private func bufferFile(ubSize: UInt32 = 196_608, _ buffers: [BufferDecl]) -> [UInt8] {
        BytecodeWriter.encode(Program(buffers: buffers, instructions: [Instruction(Opcode(0x3f), [])], ubSize: ubSize))
    }

    func testOverlappingBuffers() {
        let file = bufferFile([BufferDecl(name: "a", offset: 0, size: 64, alignment: 32),
                               BufferDecl(name: "b", offset: 32, size: 64, alignment: 32)])
        XCTAssertEqual(Array(file[41..<44]), lenString("b"))
        assertRejected(file, "bytecode.buffer", at: 41)
        // Declared the other way round: still reported at the later declaration (b, at 41).
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 32, size: 64, alignment: 32),
                                   BufferDecl(name: "b", offset: 0, size: 64, alignment: 32)]), "bytecode.buffer", at: 41)
        // One buffer inside another.
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 0, size: 1024, alignment: 32),
                                   BufferDecl(name: "b", offset: 512, size: 32, alignment: 32)]), "bytecode.buffer", at: 41)
        // The third (at 56) overlaps the first, not the second.
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 0, size: 1024, alignment: 32),
                                   BufferDecl(name: "b", offset: 1024, size: 32, alignment: 32),
                                   BufferDecl(name: "c", offset: 992, size: 32, alignment: 32)]), "bytecode.buffer", at: 56)
        // An empty buffer overlaps nothing, even inside another.
        XCTAssertNotNil(decoded(bufferFile([BufferDecl(name: "a", offset: 0, size: 1024, alignment: 32),
                                            BufferDecl(name: "b", offset: 512, size: 0, alignment: 32)])))
        // Touching is not overlapping.
        XCTAssertNotNil(decoded(bufferFile([BufferDecl(name: "a", offset: 0, size: 64, alignment: 32),
                                            BufferDecl(name: "b", offset: 64, size: 64, alignment: 32)])))
    }

    /// 65535 buffers (the most a file can hold): the overlap check is not quadratic, so the loader
    /// answers at once; the last buffer is made to overlap the first.
    func testManyBuffers() {
        var buffers = (0..<65_535).map { BufferDecl(name: "b\($0)", offset: UInt32($0) * 32, size: 32, alignment: 32) }
        XCTAssertNotNil(decoded(bufferFile(ubSize: 65_536 * 32, buffers)))
        buffers[65_534].offset = 0
        let file = bufferFile(ubSize: 65_536 * 32, buffers)
        // Entries are 14 bytes plus the name: "b0".."b9" 2 bytes, then 3, 4, 5 bytes, "b10000".. 6.
        let entryBytes = 10 * 16 + 90 * 17 + 900 * 18 + 9000 * 19 + 55_534 * 20
        assertRejected(file, "bytecode.buffer", at: 26 + entryBytes)
    }

    func testBufferPastUBEnd() {
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 196_352, size: 512, alignment: 32)]), "bytecode.buffer", at: 26)
        // Ending exactly at the UB end is fine.
        XCTAssertNotNil(decoded(bufferFile([BufferDecl(name: "a", offset: 196_352, size: 256, alignment: 32)])))
        // Offset + size overflowing 32 bits.
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 0xFFFF_FFE0, size: 0xFFFF_FFFF, alignment: 32)]), "bytecode.buffer", at: 26)
    }

    func testBadBufferDeclarations() {
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 16, size: 32, alignment: 32)]), "bytecode.buffer", at: 26)
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 0, size: 32, alignment: 48)]), "bytecode.buffer", at: 26)
        assertRejected(bufferFile([BufferDecl(name: "a", offset: 0, size: 32, alignment: 0)]), "bytecode.buffer", at: 26)
        assertRejected(bufferFile([BufferDecl(name: "1a", offset: 0, size: 32, alignment: 32)]), "bytecode.buffer", at: 26)
        // UB size not a positive multiple of 32: named at the UB size field.
        assertRejected(bufferFile(ubSize: 0, []), "bytecode.buffer", at: 20)
        assertRejected(patched(at: Example.ubSize, le32(100)), "bytecode.buffer", at: 26)
    }

    // MARK: Instructions

    func testUnknownOpcode() {
        assertRejected(patched([Example.inst[5]: 0xff]), "bytecode.opcode", at: 113)
        assertRejected(patched([Example.inst[0]: 0x13]), "bytecode.opcode", at: 58)
    }

    func testBadSuffixByte() {
        assertRejected(patched([Example.vdupSuffix: 0x00]), "bytecode.suffix", at: 62)  // none, but vdup needs one
        assertRejected(patched([Example.vdupSuffix: 0x01]), "bytecode.suffix", at: 62)  // u8: not allowed for vdup
        assertRejected(patched([Example.vdupSuffix: 0x07]), "bytecode.suffix", at: 62)  // no such type
        assertRejected(patched([Example.vdupSuffix: 0x32]), "bytecode.suffix", at: 62)  // a conversion pair
        XCTAssertNotNil(decoded(patched([Example.vdupSuffix: 0x02])))                  // f16 is allowed
    }

    func testRegister32() {
        assertRejected(patched([Example.ldparamReg: 32]), "bytecode.operand", at: 59)
        assertRejected(patched([Example.ldparamReg: 0xff]), "bytecode.operand", at: 59)
        // In a register-or-immediate slot 0x20 is not a register tag either.
        assertRejected(patched([Example.copyDstTag: 0x20]), "bytecode.operand", at: 87)
    }

    func testBadOperandTag() {
        for tag: UInt8 in [0x20, 0x3f, 0x42, 0x80, 0xff] {
            assertRejected(patched([Example.vdupDstTag: tag]), "bytecode.operand", at: 63, "tag \(tag)")
        }
    }

    func testNonCanonicalImm64() {
        // vdup's n (64) written in the 8-byte form: the code section grows by 4 bytes.
        func withN(_ v: Int64) -> [UInt8] {
            var p = payloads
            var code = p[2].1
            let at = Example.vdupNTag - 54
            code.replaceSubrange(at..<at + 5, with: [0x41] + le64(UInt64(bitPattern: v)))
            p[2].1 = code
            return container(sections: p)
        }
        assertRejected(withN(64), "bytecode.operand", at: 73)
        assertRejected(withN(Int64(Int32.min)), "bytecode.operand", at: 73)
        assertRejected(withN(-1), "bytecode.operand", at: 73)
        // Outside 32 bits the 8-byte form is the canonical one; 2^31 is outside n's range.
        assertRejected(withN(Int64(Int32.max) + 1), "bytecode.range", at: 61)
    }

    func testBranchTargetOutsideCode() {
        // jmp 2 in a program of two instructions; the jmp is at byte 35.
        assertRejected(minimalFile(instructionCount: 2, code: [0x38] + le32(2) + [0x3f]), "bytecode.branch", at: 35)
        assertRejected(minimalFile(instructionCount: 2, code: [0x38] + le32(0xFFFF_FFFF) + [0x3f]), "bytecode.branch", at: 35)
        // beq r1, 0, 5 as the second instruction (at 36).
        assertRejected(minimalFile(instructionCount: 2, code: [0x3f, 0x39, 0x01, 0x40] + le32(0) + le32(5)), "bytecode.branch", at: 36)
        XCTAssertNotNil(decoded(minimalFile(instructionCount: 2, code: [0x38] + le32(1) + [0x3f])))
    }

    func testMisalignedStaticUBOperand() {
        assertRejected(patched(at: Example.vdupDstValue, le32(16)), "bytecode.alignment", at: 61)
        assertRejected(patched(at: Example.vdupDstValue, le32(1)), "bytecode.alignment", at: 61)
        // Scalar UB accesses need element alignment: ld.f32 r1, 2.
        assertRejected(minimalFile(instructionCount: 2, code: [0x30, 0x03, 0x01, 0x40] + le32(2) + [0x3f]), "bytecode.alignment", at: 35)
        XCTAssertNotNil(decoded(minimalFile(instructionCount: 2, code: [0x30, 0x01, 0x01, 0x40] + le32(3) + [0x3f]))) // ld.u8: any byte
    }

    func testUBOperandBeyondUBSize() {
        assertRejected(patched(at: Example.vdupDstValue, le32(196_608)), "bytecode.range", at: 61)
        XCTAssertNotNil(decoded(patched(at: Example.vdupDstValue, le32(196_576))))
        // Negative: outside the operand's range 0..2^32-1.
        assertRejected(patched(at: Example.vdupDstValue, le32(UInt32(bitPattern: -32))), "bytecode.range", at: 61)
        // ld.f32 r1, 196604 and ld.i64 r1, 196600 read the UB's last bytes; 196608 is past it.
        XCTAssertNotNil(decoded(minimalFile(instructionCount: 2, code: [0x30, 0x03, 0x01, 0x40] + le32(196_604) + [0x3f])))
        XCTAssertNotNil(decoded(minimalFile(instructionCount: 2, code: [0x30, 0x06, 0x01, 0x40] + le32(196_600) + [0x3f])))
        assertRejected(minimalFile(instructionCount: 2, code: [0x30, 0x06, 0x01, 0x40] + le32(196_608) + [0x3f]), "bytecode.range", at: 35)
        assertRejected(minimalFile(instructionCount: 2, code: [0x30, 0x03, 0x01, 0x40] + le32(196_608) + [0x3f]), "bytecode.range", at: 35)
    }

    func testImmediateOutOfTableRange() {
        // copy_ub_gm's count (at 93) is 1..4095.
        assertRejected(patched(at: 94, le32(0)), "bytecode.range", at: 86)
        assertRejected(patched(at: 94, le32(4096)), "bytecode.range", at: 86)
        XCTAssertNotNil(decoded(patched(at: 94, le32(4095))))
    }

    func testFlagID8() {
        assertRejected(patched([Example.setFlagID: 8]), "bytecode.flag", at: 78)
        assertRejected(patched([Example.setFlagID: 255]), "bytecode.flag", at: 78)
        // 7 is allowed (reserved by the runtime on the chip, not here), but then wait_flag
        // still waits on 0: the program is valid bytecode either way.
        XCTAssertNotNil(decoded(patched([Example.setFlagID: 7])))
    }

    func testPipeBarrierS() {
        assertRejected(minimalFile(instructionCount: 2, code: [0x92, 0x00, 0x3f]), "bytecode.barrier", at: 35)
        assertRejected(minimalFile(instructionCount: 2, code: [0x92, 0x05, 0x3f]), "bytecode.operand", at: 35)
        XCTAssertNotNil(decoded(minimalFile(instructionCount: 2, code: [0x92, 0x04, 0x3f])))
    }

    func testSetFlagWithSameSourceAndDestination() {
        assertRejected(patched([Example.setFlagDst: 0x01]), "bytecode.flag", at: 78)
        assertRejected(patched([Example.inst[3] + 1: 0x03]), "bytecode.flag", at: 82)   // wait_flag MTE3, MTE3
        assertRejected(patched([Example.setFlagDst: 0x04]), "bytecode.operand", at: 78) // no pipe 4
    }

    // MARK: Debug table

    func testDebugTableCountMismatch() {
        assertRejected(patched([Example.debugLocationCount: 5]), "bytecode.debug", at: 128)
        assertRejected(patched([Example.debugLocationCount: 7]), "bytecode.debug", at: 128)
    }

    func testDebugFileIndexOutOfRange() {
        assertRejected(patched([Example.firstLocation + 3 * 8: 1]), "bytecode.debug", at: 156)
        assertRejected(patched([Example.firstLocation + 5 * 8 + 1: 1]), "bytecode.debug", at: 172)
    }

    func testStrippedDebugTableIsValid() {
        var p = payloads
        p[3].1 = le16(0) + le32(0)
        var expected = workedExampleProgram
        expected.debug = DebugInfo()
        XCTAssertEqual(decoded(container(sections: p)), expected)
    }
}

/// Checks of the validator that bytecode cannot reach (its length fields are 16-bit) but that
/// keep the writer from being handed what it cannot encode.
final class ValidatorLimitTests: XCTestCase {
    func testNamesAndTablesMustFitTheirSixteenBitFields() {
        let long = String(repeating: "a", count: 65_536)
        let limit = String(repeating: "a", count: 65_535)
        let end = [Instruction(Opcode(0x3f), [])]
        XCTAssertEqual(ProgramValidator.validate(Program(params: [ParamDecl(name: long, kind: .i64)], instructions: end)).first?.id,
                       "bytecode.param")
        XCTAssertEqual(ProgramValidator.validate(Program(buffers: [BufferDecl(name: long, offset: 0, size: 32, alignment: 32)],
                                                         instructions: end)).first?.id, "bytecode.buffer")
        XCTAssertEqual(ProgramValidator.validate(Program(instructions: end, debug: DebugInfo(files: [long]))).first?.id, "bytecode.debug")
        let manyBuffers = (0..<65_536).map { BufferDecl(name: "b\($0)", offset: 0, size: 0, alignment: 32) }
        XCTAssertEqual(ProgramValidator.validate(Program(buffers: manyBuffers, instructions: end)).first?.id, "bytecode.buffer")
        // At the limit: valid, and the 65535-byte name survives a round trip.
        let p = Program(buffers: [BufferDecl(name: limit, offset: 0, size: 32, alignment: 32)], instructions: end)
        XCTAssertEqual(ProgramValidator.validate(p), [])
        let bytes = BytecodeWriter.encode(p)
        XCTAssertEqual(Array(bytes[26..<28]), [0xff, 0xff])
        XCTAssertEqual(decoded(bytes), p)
    }
}
