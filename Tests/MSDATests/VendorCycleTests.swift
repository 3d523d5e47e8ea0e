import XCTest
import Interpreter
import MSDA

/// Pinned cycle counts of the vendor-style kernels on `tiny` (bs 2, levels 8x8 and 4x4, Q 10,
/// M 2, D 8, P 2), fp32, 4 cores. A change in these numbers must be explained (kernel, driver
/// plan or machine model), never silently re-blessed.
final class VendorCycleTests: XCTestCase {
    func forward() throws -> MSDAVendorForwardResult {
        let t = try MSDAWorkload.named("tiny").tensors()
        return try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 4, threads: 1))
    }

    func describe(_ name: String, _ r: RunReport) {
        let c = r.cores[0]
        print("pinned vendor \(name): kernel \(r.kernelCycles) cycles; core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3); copies \(r.opcodeCounts["copy_gm_ub_pad"] ?? 0), scatters \(r.opcodeCounts["scatter_add"] ?? 0)")
    }

    /// The plan: bs * Q = 20 queries over 4 cores gives QB = 5, units (b, block) = 4, one per
    /// core: 10 (query, head) groups of L * P = 4 samples per core.
    /// Order of magnitude from docs/CycleModel.md (910b2c): a pair copy is one DMA of 2 blocks of
    /// 32 B that are M * D * 4 = 64 B apart, so 2 requests: 2 x 51.07 + 64 / 58.6 = 103.2 cycles
    /// of MTE2. The 40 samples of a core have at most 80 rows in the map (fewer: some samples
    /// and rows fall outside; the run makes 278 pair copies on 4 cores, ~70 per core), so
    /// ~70 x 103 = ~7200 cycles, plus the two input copies and the pattern table (~55 each) and
    /// the last copy's 241-cycle latency: ~7700 + the output write (51 + 96 latency) and the
    /// vector work of the last group (~100) and the first unit's preparation (~600 of V before
    /// the first copy can be issued): ~8900. The scalar unit (~20 cycles per sample) and
    /// V (~60 cycles per group) hide under MTE2: the kernel is DMA-issue bound, as the design is.
    func testForwardCycles() throws {
        let r = try forward()
        let report = r.timing.runs[0].report
        describe("forward", report)
        XCTAssertEqual(r.plan.queriesPerBlock, 5)
        let copies = Double(report.opcodeCounts["copy_gm_ub_pad"] ?? 0) / 4
        XCTAssertGreaterThan(report.cores[0].busy.mte2, 0.8 * report.kernelCycles, "MTE2-bound")
        XCTAssertGreaterThan(report.kernelCycles, copies * 103)
        XCTAssertEqual(report.kernelCycles, 8952.027725209005, accuracy: 1e-6)
    }

    /// The training forward as above, then the backward: the same pair copies (~7700 cycles of
    /// MTE2), plus on MTE3 one atomic scatter per sample with a row in the map: 2 pieces of
    /// D * 4 = 32 B per copied row, one request each (51.07 + 32 / 109 = 51.4 cycles), ~140
    /// pieces per core = ~7200 cycles that overlap the copies one group behind; the kernel ends
    /// ~ the copies + the last group's scatters (~4 samples x 2 rows x 2 x 51 = ~800) + the
    /// gradient writes and a longer preparation: ~10000. (10105.89 when the unit's last group's
    /// scatters went out before the unit's gradient writes; with them left pending for the next
    /// unit, as on detr, a core's last unit flushes them after its two gradient copies: +59.6.)
    func testBackwardCycles() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        let r = try MSDAVendor.backward(tensors: t, options: MSDABackwardOptions(cores: 4, threads: 1))
        let fwd = r.forward.runs[0].report, bwd = r.backward.runs[0].report
        describe("backward", bwd)
        XCTAssertEqual(fwd.kernelCycles, try forward().timing.runs[0].report.kernelCycles, "training forward = inference forward")
        XCTAssertGreaterThan(bwd.cores[0].busy.mte3, 2000)
        XCTAssertEqual(bwd.kernelCycles, 10165.53645771362, accuracy: 1e-6)
    }
}
