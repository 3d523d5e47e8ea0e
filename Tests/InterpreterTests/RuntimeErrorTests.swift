import XCTest
import ISA
@testable import Interpreter

/// One test per runtime rule: the error's stable id, a message naming the problem, and the
/// source location (line:column of the mnemonic in the test's text, line 1 = first line).
final class RuntimeErrorTests: XCTestCase {
    /// Runs `src` and checks the error.
    func expect(_ src: String, _ args: [String: KernelArgument] = [:], cores: Int = 1, options: RunOptions? = nil,
                id: String, message: String, at location: String?, core: Int? = 0, pipe: ISA.Pipe? = nil,
                file: StaticString = #filePath, line: UInt = #line) {
        let p = T.asm(src, file: file, line: line)
        guard let e = T.err(T.run(p, args, cores: cores, options: options), file: file, line: line) else { return }
        XCTAssertEqual(e.id, id, "\(e)", file: file, line: line)
        XCTAssertTrue(e.message.contains(message), "message \"\(e.message)\" lacks \"\(message)\"", file: file, line: line)
        XCTAssertEqual(e.location, location, "\(e)", file: file, line: line)
        XCTAssertEqual(e.core, core, "\(e)", file: file, line: line)
        if let pipe { XCTAssertEqual(e.pipe, pipe, "\(e)", file: file, line: line) }
    }

    let xz = """
    .param x, gm.f32
    .param z, gm.f32
    .buffer a, 256
    .buffer b, 256

    """  // 4 lines: kernels below start on line 5
    var xzArgs: [String: KernelArgument] { ["x": T.zeros(256), "z": T.zeros(256)] }

    // MARK: Memory

    func testUBBoundsVector() {
        expect("mov r1, 196608 - 128\nvadd.f32 r1, r1, r1, 64\nend", id: "ub.bounds", message: "[196480, 196736) are outside the UB",
               at: "t.asm:2:1", pipe: .v)
    }

    func testUBAlignVector() {
        expect("mov r1, 16\nvdup.f32 r1, 1.0, 8\nend", id: "ub.align", message: "UB address 16 is not 32-byte aligned", at: "t.asm:2:1", pipe: .v)
    }

    func testUBBoundsScalarLoad() {
        expect("mov r1, 196608\nld.u32 r2, r1\nend", id: "ub.bounds", message: "[196608, 196612)", at: "t.asm:2:1", pipe: .s)
    }

    func testUBAlignScalarStore() {
        expect("mov r1, 2\nst.u32 7, r1\nend", id: "ub.align", message: "not 4-byte aligned", at: "t.asm:2:1", pipe: .s)
    }

    func testGMBoundsNullAddress() {
        expect(xz + "copy_gm_ub a, 0, 1, 8, 0, 0\nend", xzArgs, id: "gm.bounds", message: "GM bytes [0x0, 0x100) are not inside one bound GM parameter",
               at: "t.asm:5:1", pipe: .mte2)
    }

    func testGMBoundsPastBuffer() {
        // x is 256 bytes at 4096; 8 blocks of 32 bytes from x + 32 end 32 bytes past it.
        expect(xz + "ldparam r1, x\nadd r1, r1, 32\ncopy_gm_ub a, r1, 1, 8, 0, 0\nend", xzArgs, id: "gm.bounds",
               message: "[0x1020, 0x1120)", at: "t.asm:7:1", pipe: .mte2)
    }

    func testGMBoundsScalarStore() {
        expect(xz + "stg.u32 1, 4\nend", xzArgs, id: "gm.bounds", message: "[0x4, 0x8)", at: "t.asm:5:1", pipe: .s)
    }

    func testAtomicMisaligned() {
        expect(xz + """
        ldparam r1, z
        add r1, r1, 2
        st.u32 0, b
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        scatter_add.f32 r1, a, b, 1, 4
        end
        """, xzArgs, id: "gm.align", message: "is not 4-byte aligned", at: "t.asm:10:1", pipe: .mte3)
    }

    // MARK: Races

    func testRaceCopyThenVectorWithoutFlag() {
        expect(xz + "ldparam r1, x\ncopy_gm_ub a, r1, 1, 8, 0, 0\nvadds.f32 b, a, 1.0, 64\nend", xzArgs, id: "race.ub",
               message: "reads UB bytes [0, 32) while an unordered write by MTE2", at: "t.asm:7:1", pipe: .v)
    }

    func testRaceWriteAfterRead() {
        // V tells MTE2 it may go on BEFORE its read of a: MTE2's second copy into a races with it.
        expect(xz + """
        ldparam r1, x
        copy_gm_ub a, r1, 1, 8, 0, 0
        set_flag MTE2, V, 0
        wait_flag MTE2, V, 0
        set_flag V, MTE2, 1
        vadds.f32 b, a, 1.0, 64
        wait_flag V, MTE2, 1
        copy_gm_ub a, r1, 1, 8, 0, 0
        end
        """, xzArgs, id: "race.ub", message: "copy_gm_ub in MTE2 writes UB bytes [0, 32) while an unordered read by V", at: "t.asm:12:1", pipe: .mte2)
    }

    func testRaceScalarStoreVectorRead() {
        expect(xz + "st.u32 7, a\nvadds.f32 b, a, 1.0, 8\nend", xzArgs, id: "race.ub", message: "unordered write by S", at: "t.asm:6:1", pipe: .v)
    }

    func testRaceGMTwoCoresWrite() {
        expect(xz + """
        ldparam r1, z
        vdup.f32 a, 1.0, 64
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        copy_ub_gm r1, a, 1, 8, 0, 0
        end
        """, xzArgs, cores: 2, id: "race.gm-write", message: "core 1 and core 0 both write GM 0x1200 (z+0)", at: "t.asm:9:1", core: 1)
    }

    func testRaceGMReadOfOtherCoresWrite() {
        // Core 0 writes z, core 1 reads z, same epoch.
        expect(xz + """
        ldparam r1, z
        coreid r2
        bne r2, 0, reader
        vdup.f32 a, 1.0, 64
        set_flag V, MTE3, 0
        wait_flag V, MTE3, 0
        copy_ub_gm r1, a, 1, 8, 0, 0
        end
        reader: copy_gm_ub b, r1, 1, 8, 0, 0
        end
        """, xzArgs, cores: 2, id: "race.gm-read", message: "core 1 reads GM 0x1200 (z+0) which core 0 writes", at: "t.asm:13:9", core: 1)
    }

    func testRaceGMReadOfAtomic() {
        expect(xz + """
        ldparam r1, z
        coreid r2
        bne r2, 0, reader
        st.u32 0, b
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        scatter_add.f32 r1, a, b, 1, 4
        end
        reader: copy_gm_ub a, r1, 1, 8, 0, 0
        end
        """, xzArgs, cores: 2, id: "race.gm-atomic", message: "core 1 reads GM 0x1200 (z+0) which core 0 atomically adds to", at: "t.asm:13:9", core: 1)
    }

    func testReadOwnAtomicSameEpoch() {
        expect(xz + """
        ldparam r1, z
        st.u32 0, b
        set_flag S, MTE3, 0
        wait_flag S, MTE3, 0
        scatter_add.f32 r1, a, b, 1, 4
        pipe_barrier ALL
        ldg.f32 r3, r1
        end
        """, xzArgs, id: "race.gm-atomic-read", message: "that this core atomically added to in the same sync_all epoch", at: "t.asm:11:1", pipe: .s)
    }

    // MARK: Flags and deadlock

    func testFlagDoubleSet() {
        expect("set_flag S, V, 1\nset_flag S, V, 1\nend", id: "flag.double-set", message: "set_flag (S->V, 1): the flag is already set", at: "t.asm:2:1", pipe: .s)
    }

    func testFlagDoubleSetInPipe() {
        expect("set_flag V, MTE2, 2\nset_flag V, MTE2, 2\nend", id: "flag.double-set", message: "(V->MTE2, 2)", at: "t.asm:2:1", pipe: .v)
    }

    func testFlagLeftSet() {
        expect("nop\nset_flag MTE3, V, 0\nend", id: "flag.left-set", message: "flag (MTE3->V, 0) still set", at: "t.asm:3:1", pipe: .s)
    }

    func testDeadlockScalarWaitsForUnsetFlag() {
        expect("nop\nwait_flag V, S, 3\nend", id: "deadlock", message: "waits for flag (V->S, 3)", at: "t.asm:2:1", pipe: .s)
    }

    func testDeadlockPipeWaitsAtEnd() {
        let p = T.asm("wait_flag MTE2, V, 0\nend")
        guard let e = T.err(T.run(p, [:])) else { return }
        XCTAssertEqual(e.id, "deadlock")
        XCTAssertTrue(e.message.contains("waits for every pipe to drain"))
        XCTAssertEqual(e.location, "t.asm:2:1")
        XCTAssertEqual(e.notes, ["V waits for flag (MTE2->V, 0) at t.asm:1:1"])
    }

    func testDeadlockFullQueue() {
        // The V queue (depth 16) fills behind a wait that only the scalar unit's later set_flag releases.
        var src = "wait_flag S, V, 0\n"
        for _ in 0..<16 { src += "vdup.f32 0, 1.0, 8\n" }
        src += "set_flag S, V, 0\nend"
        expect(src, id: "deadlock", message: "waits for space in the full V queue", at: "t.asm:17:1", pipe: .s)
    }

    func testSyncAllMismatch() {
        expect("coreid r1\nbne r1, 0, done\nsync_all\ndone: end", cores: 2, id: "deadlock.sync-all",
               message: "core 0 waits at sync_all but core 1 has already ended", at: "t.asm:3:1")
    }

    // MARK: Budgets

    func testInstructionBudget() {
        var o = RunOptions()
        o.instructionBudget = 1000
        expect("loop: add r1, r1, 1\njmp loop", options: o, id: "budget.instructions",
               message: "more than 1000 instructions (a runaway loop?); raise the limit with `vrun --max-instructions N`", at: "t.asm:1:7")
    }

    func testCycleBudget() {
        var o = RunOptions()
        o.cycleBudget = 50
        let p = T.asm("vdup.f32 0, 1.0, 16384\nend")  // 256 repeats: 1 + 256 cycles > 50
        guard let e = T.err(T.run(p, [:], options: o)) else { return }
        XCTAssertEqual(e.id, "budget.cycles")
        XCTAssertTrue(e.message.contains("cycle budget of 50 cycles; raise it with `vrun --max-cycles N`"))
        XCTAssertNil(e.location)
    }

    // MARK: Scalar

    func testDivisionByZero() {
        expect("mov r1, 7\ndiv r2, r1, r3\nend", id: "scalar.div-zero", message: "div: division of 7 by zero", at: "t.asm:2:1", pipe: .s)
    }

    func testRemainderByZero() {
        expect("rem r2, r1, 0\nend", id: "scalar.div-zero", message: "rem: division of 0 by zero", at: "t.asm:1:1")
    }

    func testFtoiNaN() {
        expect("fmov r1, nan\nftoi r2, r1, rn\nend", id: "scalar.ftoi", message: "is NaN or outside", at: "t.asm:2:1")
    }

    func testRunningPastTheEnd() {
        expect("nop\nnop", id: "pc.end", message: "ran past the last instruction", at: "t.asm:2:1")
    }

    func testTrap() {
        expect("nop\ntrap 42\nend", id: "trap", message: "trap 42", at: "t.asm:2:1")
    }

    // MARK: Vector and DMA operands

    func testNegativeCount() {
        expect("mov r1, -1\nvdup.f32 0, 1.0, r1\nend", id: "vector.count", message: "element count -1", at: "t.asm:2:1", pipe: .v)
    }

    func testGroupNotDividing() {
        expect("vgsum.f32 0, 256, 3, 64\nend", id: "vector.group", message: "n = 64 is not a multiple of the group size 3", at: "t.asm:1:1")
    }

    func testGatherStraddleStrict() {
        var o = RunOptions()
        o.strict = true
        expect("st.u32 30, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f32 64, 128, 0, 1\nend", options: o,
               id: "gather.straddle", message: "at UB byte 158 (offset 30) straddles two 32-byte blocks", at: "t.asm:4:1", pipe: .v)
    }

    func testGatherOddOffset() {
        expect("st.u32 3, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f16 64, 128, 0, 1\nend", id: "gather.offset",
               message: "offset 0 = 3 is odd", at: "t.asm:4:1", pipe: .v)
    }

    func testGatherOutsideUB() {
        expect("st.u32 196608, 0\nset_flag S, V, 0\nwait_flag S, V, 0\ngather.f32 64, 128, 0, 1\nend", id: "gather.offset",
               message: "outside the UB", at: "t.asm:4:1")
    }

    func testGatherSameAddress() {
        expect("gather.f32 64, 64, 0, 1\nend", id: "gather.same", message: "dst and src are the same UB address 64", at: "t.asm:1:1")
    }

    func testDMACountFromRegister() {
        expect(xz + "ldparam r1, x\nmov r2, 0\ncopy_gm_ub a, r1, r2, 8, 0, 0\nend", xzArgs, id: "dma.range",
               message: "count = 0 is outside 1...4095", at: "t.asm:7:1", pipe: .mte2)
    }

    /// A gap in a register gets the opcode table's range (16 bits in 32-byte units for
    /// copy_gm_ub), as an immediate would from the validator.
    func testDMAGapFromRegisterFollowsTheTable() {
        expect(xz + "ldparam r1, x\nmov r2, 70000\ncopy_gm_ub a, r1, 1, 8, r2, 0\nend", xzArgs, id: "dma.range",
               message: "srcgap = 70000 is outside 0...65535", at: "t.asm:7:1", pipe: .mte2)
    }

    func testAtomicSizeNotWholeElements() {
        expect(xz + "ldparam r1, z\nscatter_add.f32 r1, a, b, 1, 6\nend", xzArgs, id: "dma.atomic-size",
               message: "bytes = 6 is not a multiple of the 4-byte element", at: "t.asm:6:1", pipe: .mte3)
    }

    // MARK: Arguments

    func testMissingArgument() {
        expect(xz + "end", ["x": T.zeros(256)], id: "args.missing", message: "parameter \"z\" (gm.f32) has no argument", at: nil, core: nil)
    }

    func testUnknownArgument() {
        expect(xz + "end", ["x": T.zeros(256), "z": T.zeros(256), "w": .int(1)], id: "args.unknown",
               message: "argument \"w\" does not name a parameter", at: nil, core: nil)
    }

    func testScalarGivenForBuffer() {
        expect(xz + "end", ["x": .int(3), "z": T.zeros(256)], id: "args.type", message: "parameter \"x\" is gm.f32 but the argument is an integer",
               at: nil, core: nil)
    }

    func testElementTypeMismatch() {
        expect(xz + "end", ["x": .gm(bytes: [0, 0], elementType: .f16), "z": T.zeros(256)], id: "args.type",
               message: "parameter \"x\" is gm.f32 but the argument holds f16 data", at: nil, core: nil)
    }

    func testTooManyCores() {
        let p = T.asm("end")
        let r = Simulator.run(program: p, machine: Machine.preset("910b3")!, arguments: KernelArguments(), options: RunOptions(cores: 41))
        guard let e = T.err(r) else { return }
        XCTAssertEqual(e.id, "args.cores")
        XCTAssertTrue(e.message.contains("cannot run on 41 cores: the 910b3 machine has 40"))
    }
}
