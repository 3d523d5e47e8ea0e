import XCTest
import ISA
@testable import Interpreter

/// The timing replay beside the functional phase (several host threads, no timeline): the cores
/// run in slices (`RunOptions.sliceInstructions`, 1000 here) and the replay reads what they
/// published. The reference is the replay after the functional phase (one host thread, or a
/// timeline), which the cycle tests pin; these kernels run several slices per core, across
/// sync_alls.
final class OverlapTests: XCTestCase {
    /// Two epochs of copy in, add, copy out per core (9 and 7 instructions per iteration: about
    /// 5 400 and 2 800 instructions per core), with GM traffic through the L2 and atomic adds
    /// into a parameter that is not write-only.
    static let kernel = """
    .param x, gm.f32
    .param z, gm.f32
    .param s, gm.f32
    .buffer a, 4096
    .buffer b, 4096
    .buffer o, 32
            ldparam r1, x
            ldparam r2, z
            ldparam r8, s
            coreid r3
            shl r7, r3, 12
            add r7, r2, r7
            st.u32 0, o
            mov r6, 0
    one:    copy_gm_ub a, r1, 1, 128, 0, 0
            pipe_barrier ALL
            vadds.f32 b, a, 1.0, 1024
            pipe_barrier ALL
            copy_ub_gm r7, b, 1, 128, 0, 0
            scatter_add.f32 r8, b, o, 1, 32
            pipe_barrier ALL
            add r6, r6, 1
            blt r6, LOOPS1, one
            sync_all
            mov r6, 0
    two:    copy_gm_ub a, r7, 1, 128, 0, 0
            pipe_barrier ALL
            vmuls.f32 b, a, 1.0, 1024
            pipe_barrier ALL
            copy_ub_gm r7, b, 1, 128, 0, 0
            pipe_barrier ALL
            add r6, r6, 1
            blt r6, 400, two
            end
    """

    func program(loops: Int = 600, extra: String = "") -> Program {
        T.asm(Self.kernel.replacingOccurrences(of: "LOOPS1", with: "\(loops)").replacingOccurrences(of: "\ntwo:", with: "\n" + extra + "two:"))
    }

    static let slice = 1000

    func overlapped(_ threads: Int) -> RunOptions {
        var o = RunOptions(threads: threads)
        o.sliceInstructions = Self.slice
        return o
    }

    func args(cores: Int) -> [String: KernelArgument] {
        ["x": .gm(bytes: T.bytes((0..<1024).map { Float($0) * 0.25 })), "z": T.zeros(4096 * cores), "s": T.zeros(32)]
    }

    func testCyclesAndOutputsEqualTheReplayAfterThePhase() {
        let p = program()
        let cores = 6
        guard let batch = T.ok(T.run(p, args(cores: cores), cores: cores, options: RunOptions(threads: 1))) else { return }
        XCTAssertGreaterThan(batch.instructions / cores, 5 * Self.slice, "not several slices per core")
        // Hand values: z = (x + 1) x 1 per core; s[0..<8] = 6 cores x 600 x (x[i] + 1), exact in f32.
        XCTAssertEqual(batch.floats("z")[4096 / 4 * 5 + 3], 0.75 + 1)
        XCTAssertEqual(batch.floats("s")[2], Float(cores * 600) * 1.5)
        for threads in [2, 3, 6] {
            guard let r = T.ok(T.run(p, args(cores: cores), cores: cores, options: overlapped(threads))) else { return }
            XCTAssertEqual(r.cycles, batch.cycles, "threads \(threads)")
            XCTAssertEqual(r.cores.map(\.cycles), batch.cores.map(\.cycles))
            XCTAssertEqual(r.busy, batch.busy)
            XCTAssertEqual(r.outputs, batch.outputs)
        }
        // A timeline turns the overlap off; its cycles are the same again.
        guard let traced = T.ok(T.run(p, args(cores: cores), cores: cores, options: { var o = overlapped(2); o.recordTimeline = true; return o }())) else { return }
        XCTAssertEqual(traced.cycles, batch.cycles)
    }

    func testAnErrorInALaterSliceIsTheSameError() {
        // Core 4 fails after its first epoch's 5 400 instructions (a UB operand out of bounds),
        // core 5 runs on: the run reports core 4's error, as with one thread, and does not hang.
        let p = program(extra: """
                coreid r9
                bne r9, 4, two
                vadds.f32 b, a, 1.0, 100000

        """)
        let one = T.err(T.run(p, args(cores: 6), cores: 6, options: RunOptions(threads: 1)))
        XCTAssertEqual(one?.id, "ub.bounds")
        XCTAssertEqual(one?.core, 4)
        for threads in [2, 4] {
            let e = T.err(T.run(p, args(cores: 6), cores: 6, options: overlapped(threads)))
            XCTAssertEqual(e?.id, one?.id)
            XCTAssertEqual(e?.message, one?.message)
            XCTAssertEqual(e?.core, one?.core)
            XCTAssertEqual(e?.instructionCount, one?.instructionCount)
        }
    }

    func testTheReplaysBudgetErrorIsTheSame() {
        let p = program()
        var o = overlapped(1)
        o.cycleBudget = 50_000
        let one = T.err(T.run(p, args(cores: 4), cores: 4, options: o))
        XCTAssertEqual(one?.id, "budget.cycles")
        o.threads = 2
        let two = T.err(T.run(p, args(cores: 4), cores: 4, options: o))
        XCTAssertEqual(two?.id, one?.id)
        XCTAssertEqual(two?.message, one?.message)
        XCTAssertEqual(two?.cycle, one?.cycle)
    }
}
