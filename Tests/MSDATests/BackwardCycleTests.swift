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
    ///   (measured 8539; the training forward before it, 4194, is not counted here).
    func testTinyBackwardCycles() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        let options = MSDABackwardOptions(cores: 4, threads: 1, queriesPerBlock: 16, forwardQueriesPerBlock: 16)
        let r = try MSDABackward.run(tensors: t, options: options)
        let c = r.report.cores[0]
        print("pinned backward: kernel \(r.report.kernelCycles) cycles; core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3), \(c.instructions) instructions; forward \(r.forward.report.kernelCycles)")
        XCTAssertEqual(r.report.kernelCycles, 8539.321111831776, accuracy: 1e-6)
        XCTAssertGreaterThan(c.busy.mte3, c.busy.mte2, "the scatter-add is the critical pipe")
    }
}
