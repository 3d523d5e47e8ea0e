import XCTest
import Interpreter
import MSDA

/// Pinned cycle counts of the forward kernel on one fixed small workload. A change in these
/// numbers must be explained (kernel, driver plan or machine model), never silently re-blessed.
final class ForwardCycleTests: XCTestCase {
    /// `tiny` (bs 2, levels 8x8 and 4x4, Q 10, M 2, D 8, P 2), fp32, 4 cores, QB 16, two plane
    /// buffers: 4 units (b, m), one per core.
    func run(_ mode: MSDAForwardOptions.Mode) throws -> RunReport {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        let options = MSDAForwardOptions(mode: mode, cores: 4, threads: 1, queriesPerBlock: 16, planeBuffers: 2)
        let r = try MSDAForward.run(tensors: t, options: options)
        let c = r.report.cores[0]
        print("pinned \(mode): kernel \(r.report.kernelCycles) cycles; core 0 busy S \(c.busy.scalar) V \(c.busy.vector) MTE2 \(c.busy.mte2) MTE3 \(c.busy.mte3), \(c.instructions) instructions")
        return r.report
    }

    /// Order of magnitude, per core (one unit: 2 levels x 8 channels = 16 plane copies), from the
    /// 910b2c constants (docs/CycleModel.md):
    /// - MTE2 busy ~ 1330: the level table (51 + 256 B / 58.6), per level one request for each of
    ///   x, y, a (Q = 10 = the whole row, so the P runs are contiguous: 6 x ~52), and 16 plane
    ///   copies of one request each: 8 x (51 + 400 B / 58.6 = 58) + 8 x (51 + 144 B / 58.6 = 54).
    /// - The planes are tiny, so the vector work per channel (one 128-lane gather, 2 repeats x 26.18,
    ///   plus 2P = 4 vmla of 32 lanes) is ~70 cycles and each channel waits for its copy: copy
    ///   d + 2 can only start when gather d has freed the buffer, and its data lands 58 + 241
    ///   (read latency) later, so a pair of channels costs ~300: 16 / 2 x 300 = 2400.
    /// - Plus the table's latency (~300), two level preps of ~40 vector instructions (~2 x 250),
    ///   and the unit's end (vgsum 20 + 7 x 2, the output copy 51 + 96 latency): ~4100 in all.
    /// History: 3940.0288 with PTO's gather slope (12 per repeat); the slope calibrated to the
    /// paper's UB-gather figure (26.18) adds 14.18 on each of the 14 gather repeats on the
    /// critical path: + 198.52 = 4138.5488.
    func testInferenceCycles() throws {
        let report = try run(.infer)
        XCTAssertEqual(report.kernelCycles, 4138.548841961185, accuracy: 1e-6)
    }

    /// Training adds one corner store per channel on MTE3 (2P = 4 blocks of 2 x 10 x 4 = 80 B,
    /// contiguous since Q = 10 is the whole row: one request, 51 + 320 B / 109 = 54 cycles; 16 of
    /// them ~ 870 busy) that overlaps the plane copies; only the last store and the MTE3->V
    /// handshakes show: +55 cycles. (4003.6346 with PTO's gather slope; + 190.41 with the
    /// calibrated one, as for inference.)
    func testTrainingCycles() throws {
        let report = try run(.train)
        XCTAssertEqual(report.kernelCycles, 4194.043227335963, accuracy: 1e-6)
        XCTAssertGreaterThan(report.cores[0].busy.mte3, 800)
    }
}
