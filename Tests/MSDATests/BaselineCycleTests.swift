import XCTest
import Interpreter
import MSDA

/// Pinned cycle counts of the baseline (grid-sample path) on `tiny`, 4 cores, fp32. A change
/// must be explained (kernels, plan or machine model), never silently re-blessed.
final class BaselineCycleTests: XCTestCase {
    func runTiny() throws -> MSDABaselineBackwardResult {
        let t = try MSDAWorkload.named("tiny").tensors()
        let r = try MSDABaseline.backward(tensors: t, options: MSDABackwardOptions(cores: 4, threads: 1))
        for (pass, timing) in [("forward", r.forward), ("backward", r.backward)] {
            print("pinned baseline \(pass): \(timing.cycles) cycles; " + timing.runs.map { run in
                let c = run.report.cores[0]
                return "\(run.name) kernel \(run.report.kernelCycles) (core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3))"
            }.joined(separator: "; "))
        }
        return r
    }

    /// Order of magnitude from the 910b2c constants (docs/CycleModel.md). tiny: bs 2, levels 8x8
    /// and 4x4, Q 10, M 2, D 8, P 2, so each level has bs M Q P = 80 samples, 20 per core: one
    /// block (N = 24) per core and launch.
    /// - Three launches (two grid-sample levels, one weighted sum), each 20 us of launch
    ///   overhead at 1.8 GHz = 36000 cycles: 108000 before any kernel work.
    /// - grid_sample_fwd, per core: the block's 80 corner pieces are 80 requests of 32 B,
    ///   80 x (51.07 + 32 / 58.6) = 4130 cycles of MTE2, which dominate; plus the grid copy and
    ///   the read latency before the set-up (~300), ~45 set-up vector instructions of one repeat
    ///   (~250), the corner weighting and the transpose gather (3 repeats x 26.18, ~130), and the
    ///   store of 8 rows of 80 B, each its own request (8 x 52 + 96 latency, ~510): ~5300 per level.
    /// - weighted_sum_fwd: 4 units (b, m), one per core: the tables and weights (3 requests), two
    ///   level blocks of 640 B (one request each, Q = the whole row), 8 vmla per level, one vgsum
    ///   and a store: ~5 requests x 51 + 3 latencies of 241 + ~150 vector: ~1100.
    /// Sum: 108000 + 2 x 5100 + 1100 ~ 119300. Measured: 5289.9 per level (core 0: MTE2 busy
    /// 4189, V 302), weighted sum 983.5.
    func testForwardCycles() throws {
        let r = try runTiny()
        XCTAssertEqual(r.forward.runs.map(\.name), ["grid_sample level 0", "grid_sample level 1", "weighted_sum"])
        XCTAssertEqual(r.forward.cycles, 119563.25231715117, accuracy: 1e-6)
        XCTAssertGreaterThan(r.forward.runs[0].report.cores[0].busy.mte2, 80 * 51.07)
    }

    /// - weighted_sum_bwd: 4 units, one per core: weights, g rows, two level blocks in (4 requests
    ///   plus the two tables), two grad rows out, one atomic add of grad_attn (~10 requests x 51 +
    ///   latencies ~700 + vector ~200): ~1400.
    /// - grid_sample_bwd, per core: 80 corner pieces gathered again (MTE2 4130, as the forward)
    ///   and 80 atomic adds of 32 B (MTE3: 80 x (51.07 + 32 / 109) = 4110) run concurrently; plus
    ///   the grid and gs copies with their latency (~450), set-up and dot products (~500 vector),
    ///   the grad_loc store (~150): ~5300 per level.
    /// Sum: 3 launches = 108000, + 1400 + 2 x 5300 ~ 120000. Measured: 1228.2 and 5668.1 per
    /// level (core 0: MTE2 busy 4251, MTE3 4173, V 543).
    func testBackwardCycles() throws {
        let r = try runTiny()
        XCTAssertEqual(r.backward.runs.map(\.name), ["weighted_sum_bwd", "grid_sample_bwd level 0", "grid_sample_bwd level 1"])
        XCTAssertEqual(r.backward.cycles, 120564.36346597545, accuracy: 1e-6)
        let c = r.backward.runs[1].report.cores[0]
        XCTAssertGreaterThan(c.busy.mte3, 80 * 51.07)
        XCTAssertGreaterThan(c.busy.mte2, 80 * 51.07)
    }
}
