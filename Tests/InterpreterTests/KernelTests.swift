import XCTest
import ISA
import Assembler
@testable import Interpreter

/// Whole kernels: the examples in kernels/examples, determinism across host threads, sync_all,
/// atomic sums from every core.
final class KernelTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func example(_ name: String, defines: [String: String] = [:]) -> Program {
        let path = KernelTests.repo.appendingPathComponent("kernels/examples/\(name)").path
        let r = Assembler.assemble(path: path, options: AssemblerOptions(defines: defines))
        guard let p = r.program else { XCTFail("\(name): \(r.diagnostics)"); return Program() }
        return p
    }

    func vaddArgs(_ n: Int) -> ([Float], [Float], [String: KernelArgument]) {
        let x = (0..<n).map { Float($0 % 1000) * 0.25 }
        let y = (0..<n).map { Float($0 % 77) - 30 }
        return (x, y, ["x": .gm(bytes: T.bytes(x)), "y": .gm(bytes: T.bytes(y)), "z": T.zeros(4 * n), "n": .int(Int64(n))])
    }

    func testDoubleBufferingIsRightAndFaster() {
        let n = 4096 * 8 + 100   // 9 tiles on one core, the last one partial
        let (x, y, args) = vaddArgs(n)
        guard let single = T.ok(T.run(example("vadd.asm"), args)),
              let double = T.ok(T.run(example("vadd_db.asm"), args)) else { return }
        let expected = zip(x, y).map { $0 + $1 }
        XCTAssertEqual(single.floats("z"), expected)
        XCTAssertEqual(double.floats("z"), expected)
        // Single buffering serialises copy-in, add and copy-out per tile; double buffering overlaps
        // the next tile's copy-in with this tile's add and copy-out.
        XCTAssertLessThan(double.kernelCycles, single.kernelCycles * 0.9, "single \(single.kernelCycles), double \(double.kernelCycles)")
        XCTAssertEqual(single.opcodeCounts["vadd"], 9)
        XCTAssertEqual(double.opcodeCounts["vadd"], 9)
    }

    func testSameResultsAndCyclesWithAnyThreadCount() {
        let n = 4096 * 20 + 7
        let (x, y, args) = vaddArgs(n)
        let p = example("vadd_db.asm")
        var reports: [RunReport] = []
        for threads in [1, 2, 8] {
            guard let r = T.ok(T.run(p, args, cores: 8, options: RunOptions(threads: threads))) else { return }
            reports.append(r)
        }
        XCTAssertEqual(reports[0].floats("z"), zip(x, y).map { $0 + $1 })
        for r in reports.dropFirst() {
            XCTAssertEqual(r.outputs, reports[0].outputs)
            XCTAssertEqual(r.kernelCycles, reports[0].kernelCycles)
            XCTAssertEqual(r.cores, reports[0].cores)
        }
    }

    func testScatterAddFromAllCoresIsExactAndDeterministic() {
        // reduce_sum.asm on 48 cores; values chosen so every partial sum is an exact f32 integer
        // (|sum| < 2^24), so the expected total is exact whatever the order.
        let n = 8192 * 48 * 2 + 1000
        let x = (0..<n).map { Float(($0 * 7919) % 13) - 6 }
        let exact = x.reduce(0.0) { $0 + Double($1) }
        let p = example("reduce_sum.asm")
        var results: [[UInt8]] = []
        for threads in [1, 3, 8] {
            guard let r = T.ok(T.run(p, ["x": .gm(bytes: T.bytes(x)), "out": T.zeros(4), "n": .int(Int64(n))], cores: 48,
                                     options: RunOptions(threads: threads))) else { return }
            XCTAssertEqual(Double(r.floats("out")[0]), exact)
            XCTAssertEqual(r.opcodeCounts["scatter_add"], 48)
            results.append(r.outputs["out"]!)
        }
        XCTAssertEqual(Set(results).count, 1)
    }

    func testScatterAddRoundingFollowsCoreOrder() {
        // Each core adds one value into out[0] (f32). Core order: 1e8, then 3 x 4.0 (cores 1..3).
        // In core order: 1e8 + 4 = 100000004 (exact: spacing 8 at 1e8? 1e8 + 4 is a tie -> even 1e8),
        // 1e8 + 4 -> 1e8, again 1e8: result 1e8. Any order adding the 4s first would give 1e8 + 12 -> 100000016.
        let src = """
        .param out, gm.f32
        .buffer v, 32
        .buffer o, 32
                ldparam r1, out
                coreid r2
                fmov r3, 4.0
                bne r2, 0, go
                fmov r3, 1e8
        go:     st.f32 r3, v
                st.u32 0, o
                set_flag S, MTE3, 0
                wait_flag S, MTE3, 0
                scatter_add.f32 r1, v, o, 1, 4
                end
        """
        let r = T.ok(T.run(T.asm(src), ["out": T.zeros(4)], cores: 4))
        XCTAssertEqual(r?.floats("out"), [1e8])
    }

    func testSyncAllMakesWritesVisible() {
        // Phase 1: core c writes c+1 into z[c]. sync_all. Phase 2: core c reads z[(c+1) % 4] and
        // writes it into w[c].
        let src = """
        .param z, gm.i32
        .param w, gm.i32
        .buffer a, 32
                ldparam r1, z
                ldparam r2, w
                coreid r3
                add r4, r3, 1
                st.i32 r4, a
                set_flag S, MTE3, 0
                wait_flag S, MTE3, 0
                shl r5, r3, 5
                add r6, r1, r5
                copy_ub_gm r6, a, 1, 1, 0, 0
                sync_all
                corenum r7
                add r8, r3, 1
                rem r8, r8, r7
                shl r8, r8, 5
                add r8, r1, r8
                copy_gm_ub a, r8, 1, 1, 0, 0
                set_flag MTE2, MTE3, 0
                wait_flag MTE2, MTE3, 0
                add r9, r2, r5
                copy_ub_gm r9, a, 1, 1, 0, 0
                end
        """
        guard let r = T.ok(T.run(T.asm(src), ["z": T.zeros(128), "w": T.zeros(128)], cores: 4)) else { return }
        let w = r.ints("w")
        XCTAssertEqual([w[0], w[8], w[16], w[24]], [2, 3, 4, 1])
        // With only a barrier of this core's pipes instead of sync_all, the read of another core's
        // write is a race between cores.
        let racy = src.replacingOccurrences(of: "        sync_all\n", with: "        pipe_barrier ALL\n")
        XCTAssertEqual(T.err(T.run(T.asm(racy), ["z": T.zeros(128), "w": T.zeros(128)], cores: 4))?.id, "race.gm-read")
    }

    func testGatherExample() {
        let t = 1000, n = 5000
        let table = (0..<t).map { Float($0) * 1.5 }
        let idx = (0..<n).map { Int32(($0 * 37) % t) }
        let args: [String: KernelArgument] = ["table": .gm(bytes: T.bytes(table)), "idx": .gm(bytes: T.bytes(idx)),
                                              "out": T.zeros(4 * n), "t": .int(Int64(t)), "n": .int(Int64(n))]
        guard let r = T.ok(T.run(example("gather.asm"), args, cores: 2)) else { return }
        XCTAssertEqual(r.floats("out"), idx.map { table[Int($0)] })
    }

    func testChecksOffGivesSameResultsAndCycles() {
        let (_, _, args) = vaddArgs(4096 * 3)
        let p = example("vadd_db.asm")
        guard let a = T.ok(T.run(p, args, cores: 2)), let b = T.ok(T.run(p, args, cores: 2, options: RunOptions(checks: false))) else { return }
        XCTAssertEqual(a.outputs, b.outputs)
        XCTAssertEqual(a.kernelCycles, b.kernelCycles)
    }
}
