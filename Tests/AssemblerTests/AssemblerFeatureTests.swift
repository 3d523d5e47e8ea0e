import Assembler
import ISA
import XCTest

/// What correct sources assemble to. Expected values are worked out by hand from the language
/// rules (docs/Assembly.md) and the opcode table, not read back from the assembler.
final class AssemblerFeatureTests: XCTestCase {
    private func imm(_ p: Program?, _ pc: Int, _ k: Int) -> Int64? {
        guard let p, pc < p.instructions.count, k < p.instructions[pc].operands.count,
              case .immediate(let v) = p.instructions[pc].operands[k] else { return nil }
        return v
    }

    /// C precedence and 64-bit semantics, each result computed by hand.
    func testExpressions() {
        let cases: [(String, Int64)] = [
            ("1 + 2 * 3 << 1", 14),            // (1 + 6) << 1
            ("(1 + 2) * 3", 9),
            ("7 / -2", -3),                    // truncation toward zero, as in C
            ("-7 % 2", -1),
            ("~0", -1),
            ("!5 + !0", 1),
            ("1 < 2 == 1", 1),                 // (1 < 2) == 1
            ("6 & 3 | 8 ^ 1", 11),             // (6 & 3) | (8 ^ 1) = 2 | 9
            ("0x10 + 0b101 + 1_000", 1021),
            ("-9223372036854775808", Int64.min),
            ("9223372036854775807", Int64.max),
            ("-16 >> 2", -4),                  // arithmetic shift
            ("align(100, 32)", 128),
            ("align(-33, 32)", -32),
            ("min(3, -4) + max(3, -4)", -1),
            ("0 && 1 / 0", 0),                 // the right side is not evaluated
            ("1 || 1 / 0", 1),
            ("defined(NOPE) && NOPE > 3", 0),
            ("defined(K)", 1),
            ("sizeof(buf) + buf2", 64 + 64),   // buf2 starts after buf, at 64
        ]
        for (expr, expected) in cases {
            let p = assembleOK(".equ K, 5\n.buffer buf, 64\n.buffer buf2, 32\nmov r1, \(expr)\n")
            XCTAssertEqual(imm(p, 0, 1), expected, expr)
        }
    }

    /// Float immediates are f32 bit patterns sign-extended from 32 bits (one encoding per
    /// float); integer suffixes take integers.
    func testFloatImmediates() {
        let p = assembleOK("""
            fmov r1, -1.5
            fmov r1, 2
            fmov r1, inf
            fmov r1, -0.0
            fmov r1, f32bits(0x7fc00001)
            vdup.f32 0, 0.5, 8
            vdup.i32 0, 2, 8
            fmov r1, nan
            fmov r1, f32bits(0xffc00000)
            """)
        XCTAssertEqual(imm(p, 0, 1), Int64(Int32(bitPattern: 0xBFC0_0000)))
        XCTAssertEqual(imm(p, 1, 1), 0x4000_0000)
        XCTAssertEqual(imm(p, 2, 1), 0x7F80_0000)
        XCTAssertEqual(imm(p, 3, 1), Int64(Int32.min))
        XCTAssertEqual(imm(p, 4, 1), 0x7FC0_0001)
        XCTAssertEqual(imm(p, 5, 1), 0x3F00_0000)
        XCTAssertEqual(imm(p, 6, 1), 2)
        XCTAssertEqual(imm(p, 7, 1), 0x7FC0_0000)
        XCTAssertEqual(imm(p, 8, 1), -0x40_0000)      // 0xffc00000 sign-extended
    }

    func testOperandKindsFromTheTable() {
        let p = assembleOK("""
            .param a, gm.f32
            .param n, i64
            ldparam r2, n
            set_flag MTE2, v, 3
            pipe_barrier all
            cset r1, r2, 5, GE
            ftoi r1, r2, floor
            vcvt.f16.f32 0, 64, 8, rz
            """)
        guard let p else { return }
        XCTAssertEqual(p.instructions[0].operands, [.register(Register(2)!), .immediate(1)])
        XCTAssertEqual(p.instructions[1].operands, [.immediate(2), .immediate(1), .immediate(3)])
        XCTAssertEqual(p.instructions[2].operands, [.immediate(Int64(BarrierTarget.all.rawValue))])
        XCTAssertEqual(p.instructions[3].operands.last, .immediate(Int64(Condition.ge.rawValue)))
        XCTAssertEqual(p.instructions[4].operands.last, .immediate(Int64(RoundMode.floor.rawValue)))
        XCTAssertEqual(p.instructions[5].suffix, .pair(.f16, .f32))
        XCTAssertEqual(p.params, [ParamDecl(name: "a", kind: .gm(.f32)), ParamDecl(name: "n", kind: .i64)])
    }

    /// Labels: forward references, local labels scoped to the last global label.
    func testLabels() {
        let p = assembleOK("""
            f:      jmp .x          ; pc 0 -> f's .x (pc 2)
                    nop
            .x:     jmp g           ; pc 2 -> g (pc 3)
            g:      jmp .x          ; pc 3 -> g's .x (pc 4)
            .x:     bne r1, 0, f    ; pc 4 -> 0
            """)
        XCTAssertEqual(imm(p, 0, 0), 2)
        XCTAssertEqual(imm(p, 2, 0), 3)
        XCTAssertEqual(imm(p, 3, 0), 4)
        XCTAssertEqual(imm(p, 4, 2), 0)
    }

    func testRegisterAliasesAndConstants() {
        let p = assembleOK(".reg acc, r7\n.equ N, 3 * 4\nadd acc, acc, N\n")
        XCTAssertEqual(p?.instructions.first?.operands, [.register(Register(7)!), .register(Register(7)!), .immediate(12)])
    }

    /// Buffers are laid out in order, each aligned; a buffer's name is its offset.
    func testBufferLayout() {
        let p = assembleOK("""
            .buffer a, 40
            .buffer b, 100, 64
            .buffer c, 1
            .buffer d, 32, 32, 4096
            vdup.f32 b, 0.0, 8
            vdup.f32 c, 0.0, 8
            vdup.f32 d, 0.0, 8
            vdup.f32 a, 0.0, 8
            """)
        // a: 0..40; b: align(40, 64) = 64, ends 164; c: align(164, 32) = 192; d: placed at 4096.
        XCTAssertEqual(p?.buffers.map(\.offset), [0, 64, 192, 4096])
        XCTAssertEqual(p?.buffers.map(\.size), [40, 100, 1, 32])
        XCTAssertEqual(p?.buffers.map(\.alignment), [32, 64, 32, 32])
        XCTAssertEqual((0..<3).map { imm(p, $0, 0) }, [64, 192, 4096])
    }

    func testUBSizeDirectiveAndOption() {
        XCTAssertEqual(assembleOK(".ubsize 1024\nnop\n")?.ubSize, 1024)
        let r = assemble(".buffer a, 2048\nvdup.f32 a, 0.0, 8\n", ubSize: 1024)
        XCTAssertEqual(r.errors.first?.id, "asm.ub-overflow")
        XCTAssertEqual(assemble("nop\n", ubSize: 2048).program?.ubSize, 2048)
    }

    /// Macros: positional, named and default arguments, and `\@` unique per expansion.
    func testMacros() {
        let p = assembleOK("""
            .macro ADDI rd, v=7, w=1
            .l\\@:  add \\rd, \\rd, \\v + \\w
                    bne \\rd, 0, .l\\@
            .endm
            top:    ADDI r1
                    ADDI r2, 3
                    ADDI w=10, rd=r3
            """)
        guard let p else { return }
        XCTAssertEqual(p.instructions.count, 6)
        XCTAssertEqual(p.instructions[0].operands, [.register(Register(1)!), .register(Register(1)!), .immediate(8)])
        XCTAssertEqual(p.instructions[2].operands.last, .immediate(4))
        XCTAssertEqual(p.instructions[4].operands, [.register(Register(3)!), .register(Register(3)!), .immediate(17)])
        // Each expansion's `.l\@` is its own label: the branches go to 0, 2 and 4.
        XCTAssertEqual([imm(p, 1, 2), imm(p, 3, 2), imm(p, 5, 2)], [0, 2, 4])
    }

    /// Conditional assembly with -D, `.ifdef`, `.ifndef`, `.elif`, nesting and skipped garbage.
    func testConditionals() {
        let src = """
            .ifndef VL
            .equ VL, 64
            .endif
            .if VL > 100
                mov r1, 1
            .elif VL > 50
                mov r1, 2
              .ifdef FUSED
                mov r1, 3
              .else
                mov r1, 4
              .endif
            .else
                this line is never read \\arg $
            .endif
            """
        XCTAssertEqual(assembleOK(src)?.instructions.map { $0.operands[1] }, [.immediate(2), .immediate(4)])
        XCTAssertEqual(assembleOK(src, defines: ["FUSED": "", "VL": "60"])?.instructions.map { $0.operands[1] }, [.immediate(2), .immediate(3)])
        XCTAssertEqual(assembleOK(src, defines: ["VL": "1 << 10"])?.instructions.map { $0.operands[1] }, [.immediate(1)])
    }

    /// Includes are relative to the including file; the debug table names each file.
    func testIncludesAndDebugLocations() {
        let r = assemble("nop\n.include \"lib/a.inc\"\n  nop\n", path: "k/main.asm",
                         files: ["k/lib/a.inc": ".include \"../common.inc\"\nmov r1, C\n", "k/common.inc": ".equ C, 9\n"])
        guard let p = r.program else { return XCTFail(r.diagnostics.rendered()) }
        XCTAssertEqual(p.debug.files, ["k/main.asm", "k/lib/a.inc"])
        XCTAssertEqual(p.debug.locations, [SourceLocation(file: 0, line: 1, column: 1), SourceLocation(file: 1, line: 2, column: 1),
                                           SourceLocation(file: 0, line: 3, column: 3)])
        XCTAssertEqual(imm(p, 1, 1), 9)
    }

    /// Instructions from a macro are located at the invocation.
    func testMacroDebugLocationIsTheInvocation() {
        let p = assembleOK(".macro TWO\nnop\nnop\n.endm\n\n    TWO\n")
        XCTAssertEqual(p?.debug.locations, [SourceLocation(file: 0, line: 6, column: 5), SourceLocation(file: 0, line: 6, column: 5)])
    }

    /// `.file`/`.loc` replace the real locations; `.nodebug` drops them.
    func testExplicitDebugDirectives() {
        let p = assembleOK(".file 0 \"a\\\"b.asm\"\n.file 1 \"x.inc\"\n.loc 1 70000 12\nnop\nnop\n.loc 0 3 4\nnop\n")
        XCTAssertEqual(p?.debug.files, ["a\"b.asm", "x.inc"])
        XCTAssertEqual(p?.debug.locations.map { [Int($0.file), Int($0.line), Int($0.column)] }, [[1, 70000, 12], [1, 70000, 12], [0, 3, 4]])
        let q = assembleOK(".file 0 \"a.asm\"\n.nodebug\nnop\n")
        XCTAssertEqual(q?.debug, DebugInfo(files: ["a.asm"], locations: []))
    }

    func testCommentsBlankLinesAndCRLF() {
        let p = assembleOK("; comment\r\n\r\n// another\r\nmov r1, 4 // four\r\nadd r1, r1, 1 ; one\r\n")
        XCTAssertEqual(p?.instructions.count, 2)
        XCTAssertEqual(p?.debug.locations.last, SourceLocation(file: 0, line: 5, column: 1))
    }
}
