import XCTest
import ISA
@testable import Interpreter

/// `RunOptions.writeOnly`: parameters no core reads skip the write log (plain writes straight to
/// GM, atomic adds landing in core order while the epoch runs). Same outputs, cycles and errors
/// as without the option; a read of such a parameter is an error.
final class WriteOnlyTests: XCTestCase {
    /// Every core adds 2048 copies of x to out[0..<2048], 300 times, x starting at (core+1) * 0.1
    /// (times 1000 on odd cores) and growing by 0.37 each time: non-integer f32 sums of mixed
    /// magnitudes, so another order of the adds shows in the last bits. 8 KB per add, 2.4 MB per core: the log's chunks go back to the pool and
    /// are reused (the first chunk is 1 MB).
    static let adds = """
    .param out, gm.f32
    .buffer v, 8192
    .buffer o, 32
            ldparam r1, out
            coreid r2
            add r3, r2, 1
            itof r3, r3
            fmov r4, 0.1
            fmul r5, r3, r4
            and r8, r2, 1
            beq r8, 0, even
            fmov r9, 1000.0
            fmul r5, r5, r9
    even:   fmov r7, 0.37
            mov r6, 0
            st.u32 0, o
            set_flag S, MTE3, 2
            wait_flag S, MTE3, 2
    loop:   vdup.f32 v, r5, 2048
            set_flag V, MTE3, 0
            wait_flag V, MTE3, 0
            scatter_add.f32 r1, v, o, 1, 8192
            set_flag MTE3, V, 1
            wait_flag MTE3, V, 1
            fadd r5, r5, r7
            add r6, r6, 1
            blt r6, 300, loop
            end
    """

    /// The sum the core order gives, by a second formula: Float arithmetic in the same order
    /// (core 0's 300 adds first, then core 1's, ...).
    static func expectedSum(order: [Int]) -> Float {
        var total: Float = 0
        for c in order {
            var x = Float(c + 1) * Float(0.1)
            if c % 2 == 1 { x *= Float(1000) }
            for _ in 0..<300 {
                total += x
                x += Float(0.37)
            }
        }
        return total
    }

    func testAtomicAddsLandInCoreOrderWithAnyThreadCount() {
        let p = T.asm(Self.adds)
        let cores = 8
        let expected = Self.expectedSum(order: Array(0..<cores))
        // The order matters for these values: adding the cores in reverse gives other bits.
        XCTAssertNotEqual(expected.bitPattern, Self.expectedSum(order: (0..<cores).reversed()).bitPattern,
                          "the test's values do not depend on the order")

        guard let logged = T.ok(T.run(p, ["out": T.zeros(8192)], cores: cores, options: RunOptions(threads: 1))) else { return }
        XCTAssertTrue(logged.floats("out") == [Float](repeating: expected, count: 2048), "the logged run's sums are not the core-order sum")
        for threads in [1, 2, 3, 8] {
            for checks in [true, false] {
                let o = RunOptions(threads: threads, checks: checks, writeOnly: ["out"])
                guard let r = T.ok(T.run(p, ["out": T.zeros(8192)], cores: cores, options: o)) else { return }
                XCTAssertTrue(r.outputs["out"] == logged.outputs["out"], "threads \(threads), checks \(checks): other bits than the log's")
                XCTAssertEqual(r.cycles, logged.cycles)
            }
        }
    }

    func testPlainWritesAndLaterEpochAddsMatchTheLog() {
        // Epoch 1: core c writes c + 1 into z[8c...8c+7] (plain). Epoch 2: every core adds 0.5 to all of z.
        let src = """
        .param z, gm.f32
        .buffer a, 32
        .buffer o, 32
                ldparam r1, z
                coreid r3
                add r4, r3, 1
                itof r4, r4
                vdup.f32 a, r4, 8
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                shl r5, r3, 5
                add r6, r1, r5
                copy_ub_gm r6, a, 1, 1, 0, 0
                sync_all
                vdup.f32 a, 0.5, 8
                st.u32 0, o
                set_flag S, MTE3, 2
                wait_flag S, MTE3, 2
                corenum r7
                mov r8, 0
                set_flag V, MTE3, 1
                wait_flag V, MTE3, 1
        next:   shl r9, r8, 5
                add r9, r1, r9
                scatter_add.f32 r9, a, o, 1, 32
                add r8, r8, 1
                blt r8, r7, next
                end
        """
        let p = T.asm(src)
        guard let logged = T.ok(T.run(p, ["z": T.zeros(128)], cores: 4)) else { return }
        // Hand value: z[8c + i] = (c + 1) + 4 x 0.5.
        XCTAssertEqual(logged.floats("z"), (0..<4).flatMap { c in [Float](repeating: Float(c + 1) + 2, count: 8) })
        for threads in [1, 2, 4] {
            guard let r = T.ok(T.run(p, ["z": T.zeros(128)], cores: 4, options: RunOptions(threads: threads, writeOnly: ["z"]))) else { return }
            XCTAssertEqual(r.outputs["z"], logged.outputs["z"])
            XCTAssertEqual(r.cycles, logged.cycles)
        }
    }

    func testReadingAWriteOnlyParameterIsAnError() {
        let src = """
        .param x, gm.f32
        .param z, gm.f32
        .buffer a, 32
                ldparam r1, z
                copy_gm_ub a, r1, 1, 1, 0, 0
                end
        """
        let args: [String: KernelArgument] = ["x": T.zeros(32), "z": T.zeros(32)]
        XCTAssertNotNil(T.ok(T.run(T.asm(src), args, options: RunOptions(writeOnly: ["x"]))))
        guard let e = T.err(T.run(T.asm(src), args, options: RunOptions(writeOnly: ["z"]))) else { return }
        XCTAssertEqual(e.id, "gm.write-only")
        XCTAssertEqual(e.message, "copy_gm_ub reads GM 0x1200 (z+0) (32 bytes) of parameter \"z\", which the run declared write-only")
        XCTAssertEqual(e.location, "t.asm:5:9")
        XCTAssertEqual(e.pipe, .mte2)
        // Checks off changes nothing: the read would see what depends on the other cores' timing.
        XCTAssertEqual(T.err(T.run(T.asm(src), args, options: RunOptions(checks: false, writeOnly: ["z"])))?.id, "gm.write-only")
    }

    func testCrossCoreRacesOnWriteOnlyParametersAreStillReported() {
        // Two cores write the same bytes; then one core writes bytes another adds to.
        let twoWriters = """
        .param z, gm.f32
        .buffer a, 32
                ldparam r1, z
                vdup.f32 a, 1.0, 8
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                copy_ub_gm r1, a, 1, 1, 0, 0
                end
        """
        let writeAndAdd = """
        .param z, gm.f32
        .buffer a, 32
        .buffer o, 32
                ldparam r1, z
                coreid r2
                vdup.f32 a, 1.0, 8
                st.u32 0, o
                set_flag S, MTE3, 2
                wait_flag S, MTE3, 2
                set_flag V, MTE3, 0
                wait_flag V, MTE3, 0
                beq r2, 0, plain
                scatter_add.f32 r1, a, o, 1, 32
                end
        plain:  copy_ub_gm r1, a, 1, 1, 0, 0
                end
        """
        for src in [twoWriters, writeAndAdd] {
            let p = T.asm(src)
            guard let logged = T.err(T.run(p, ["z": T.zeros(32)], cores: 2)) else { return }
            XCTAssertTrue(["race.gm-write", "race.gm-atomic"].contains(logged.id), logged.id)
            for threads in [1, 2] {
                let e = T.err(T.run(p, ["z": T.zeros(32)], cores: 2, options: RunOptions(threads: threads, writeOnly: ["z"])))
                XCTAssertEqual(e?.id, logged.id)
                XCTAssertEqual(e?.message, logged.message)
                XCTAssertEqual(e?.location, logged.location)
            }
        }
    }
}
