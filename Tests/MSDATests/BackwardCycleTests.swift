import XCTest
import Interpreter
import MSDA

/// The pinned cycle count of the backward kernel on one fixed small workload. A change must be
/// explained (kernel, driver plan or machine model), never silently re-blessed.
final class BackwardCycleTests: XCTestCase {
    /// `tiny` (bs 2, levels 8x8 and 4x4, Q 10, M 2, D 8, P 2), fp32, 4 cores, QB 16: 4 units
    /// (b, m), one per core. Order of magnitude per core from the 910b2c constants
    /// (docs/CycleModel.md: ~51 cycles per DMA request, MTE3 109 B/cycle, read latency 241):
    /// - MTE3 is the critical pipe: per level 2P = 4 scatter_adds of QBc = 10 pieces of 2D floats
    ///   = 64 B, one atomic request each (51 + 64 / 109 = 52): 40 x 52 ~ 2080, plus 3 result
    ///   stores (~160): ~2240 per level, ~4480 per unit (measured MTE3 busy 4377).
    /// - Before the first scatter: the level table and TAB loads, the two grad_output copies and
    ///   the gather behind them (~3 x (51 + 241)), the x/y/a copies, and level 0's 8 corner copies,
    ///   each landing 51 + 241 after its buffer is freed, two in flight (~4 x 300): ~2500.
    /// - Level 1's channel loop overlaps level 0's scatters; its scatters follow; the tail (the
    ///   last stores and the "free" flags) ~200. So ~2500 + 4480 + some exposed MTE3 waits ~ 8000
    ///   (measured 8539 without staggering; the training forward before it, 4194, is not counted here).
    /// - Staggered writes (the default, `-D STAGGER=1`): the same work, odd cores taking level 1
    ///   first. Here every core owns a different (b, m) record, so no two cores' atomics can meet
    ///   in a 512-byte region and staggering can only cost its own instructions: per level
    ///   `mov, coreid, and, beq` (+ two `sub` on odd cores) and per unit an `ldparam` of
    ///   grad_output (its register holds the level): ~5 scalar cycles on the path to each level's
    ///   first copy, a few cycles in all (measured +6.13: 8545.45).
    func testTinyBackwardCycles() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        for staggered in [false, true] {
            let options = MSDABackwardOptions(cores: 4, threads: 1, queriesPerBlock: 16, forwardQueriesPerBlock: 16, staggeredWrites: staggered)
            let r = try MSDABackward.run(tensors: t, options: options)
            let c = r.report.cores[0]
            print("pinned backward (staggered \(staggered)): kernel \(r.report.kernelCycles) cycles; core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3), \(c.instructions) instructions; forward \(r.forward.report.kernelCycles)")
            XCTAssertEqual(r.report.kernelCycles, staggered ? 8545.452959800323 : 8539.321111831776, accuracy: 1e-6)
            XCTAssertGreaterThan(c.busy.mte3, c.busy.mte2, "the scatter-add is the critical pipe")
        }
    }

    /// The same run without stored corners (`corners: .gather`, staggered, the default): the
    /// inference forward, then the backward gathers each channel's corners from its value plane.
    /// Per core and level the work differs from the stored path only on MTE2 and V: instead of
    /// 8 corner copies (2P blocks of 2 QBc floats), 8 plane copies of one request each (level 0:
    /// 10 x 10 x 4 = 400 B, level 1: 6 x 6 x 4 = 144 B; 51 + bytes / 58.6 + 241 latency ~300
    /// each, two in flight), plus per level the band offsets (~14 vector instructions of one
    /// repeat, ~130) and per channel one 4N = 128-lane gather (2 repeats, ~30) ahead of the
    /// 4 vmla. MTE3 is unchanged (~4480 per unit: 40 scatter requests of 64 B per level and
    /// the stores), and still the critical pipe; the per-channel chain copy -> gather -> vmla on
    /// level 0 before the first scatter is longer by about the offsets and 8 gathers
    /// (~130 + 8 x 30 ~ 400): ~8545 + 400 ~ 8950 (measured 8976; core 0's V busy grows from 813
    /// to 1781, i.e. ~480 per level, the offsets, gathers and the band bookkeeping of both levels).
    func testTinyGatherBackwardCycles() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        let options = MSDABackwardOptions(cores: 4, threads: 1, queriesPerBlock: 16, forwardQueriesPerBlock: 16, corners: .gather)
        let r = try MSDABackward.run(tensors: t, options: options)
        let c = r.report.cores[0]
        print("pinned gather backward: kernel \(r.report.kernelCycles) cycles; core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3), \(c.instructions) instructions; forward \(r.forward.report.kernelCycles)")
        XCTAssertTrue(r.plan.gather)
        XCTAssertEqual(r.report.kernelCycles, 8976.500487835421, accuracy: 1e-6)
        XCTAssertGreaterThan(c.busy.mte3, c.busy.mte2, "the scatter-add is still the critical pipe")
    }
}
