import XCTest
import Interpreter
import MSDA

/// DEFA point pruning (`-D PRUNE=1`, kernels/msda_fwd_defa.inc; docs/DEFA.md).
/// Expected values: the unpruned kernel (threshold 0: bit for bit), the unpruned kernel on
/// inputs whose pruned weights are zeroed (any threshold: bit for bit, an independent statement
/// of what pruning means), and the Swift reference (errors).
final class PruningTests: XCTestCase {
    static func run(_ t: MSDATensors, threshold: Float?, dtype: MSDAForwardOptions.DType = .f32, fused: Bool = true,
                    machine: Machine = Machine.ascend910B2C, qb: Int? = nil) throws -> MSDAForwardResult {
        var o = MSDAForwardOptions(dtype: dtype, fused: fused, machine: machine, cores: 4, threads: 2, queriesPerBlock: qb)
        o.pruneThreshold = threshold
        return try MSDAForward.run(tensors: t, options: o)
    }

    static func smallUB(_ bytes: Int) -> Machine {
        var m = Machine.ascend910B2C
        m.name = "910b2c-ub\(bytes)"
        m.ubBytes = bytes
        return m
    }

    /// Threshold 0 prunes nothing: the output is the unpruned kernel's, bit for bit, in every
    /// storage mode, with bands, and on the border/NaN workload.
    func testThresholdZeroIsBitIdentical() throws {
        let small = try MSDAWorkload.named("small")
        let cases: [(String, MSDATensors, MSDAForwardOptions.DType, Bool, Machine)] = [
            ("small f32", small.tensors(gradOutput: false), .f32, true, .ascend910B2C),
            ("small f32 peaked", small.tensors(gradOutput: false, attention: .peaked), .f32, true, .ascend910B2C),
            ("small f16 fused", small.tensors(gradOutput: false), .f16, true, .ascend910B2C),
            ("small f16 unfused", small.tensors(gradOutput: false), .f16, false, .ascend910B2C),
            ("small f32 banded", small.tensors(gradOutput: false), .f32, true, Self.smallUB(48 * 1024)),
            ("edges f32", try MSDAWorkload.named("edges").tensors(gradOutput: false), .f32, true, .ascend910B2C),
        ]
        for (label, t, dtype, fused, machine) in cases {
            let plain = try Self.run(t, threshold: nil, dtype: dtype, fused: fused, machine: machine)
            let pruned = try Self.run(t, threshold: 0, dtype: dtype, fused: fused, machine: machine, qb: plain.plan.queriesPerBlock)
            XCTAssertTrue(pruned.plan.prune, label)
            XCTAssertEqual(bits(pruned.output), bits(plain.output), label)
            print("prune 0 \(label): bit-identical; cycles \(Int(plain.report.kernelCycles)) -> \(Int(pruned.report.kernelCycles)), bands \(plain.plan.bands.map(\.count))")
        }
    }

    /// Any threshold: the pruned kernel equals the unpruned kernel run on the inputs with the
    /// pruned samples' weights set to zero, bit for bit (fp32 and fp16, with and without bands).
    func testPrunedEqualsZeroedWeights() throws {
        let t = try MSDAWorkload.named("small").tensors(gradOutput: false, attention: .peaked)
        for (dtype, fused, machine) in [(MSDAForwardOptions.DType.f32, true, Machine.ascend910B2C), (.f16, true, .ascend910B2C),
                                        (.f16, false, .ascend910B2C), (.f32, true, Self.smallUB(48 * 1024))] {
            for threshold: Float in [0.001, 0.02, 0.1, 0.3] {
                let (zeroed, pruned) = MSDAPruning.zeroingPruned(t, threshold: threshold)
                XCTAssertGreaterThan(pruned, 0)
                let plain = try Self.run(zeroed, threshold: nil, dtype: dtype, fused: fused, machine: machine)
                let ours = try Self.run(t, threshold: threshold, dtype: dtype, fused: fused, machine: machine, qb: plain.plan.queriesPerBlock)
                XCTAssertEqual(bits(ours.output), bits(plain.output), "\(dtype) fused=\(fused) \(machine.name) threshold \(threshold)")
            }
        }
    }

    /// Bands (planes larger than the plane buffer): the compacted offsets are recomputed per band
    /// from the compacted rows and columns; still the zeroed-weights run bit for bit.
    func testPrunedWithBands() throws {
        for (levels, bytes, dtype) in [([(40, 30), (10, 8)], 12288, MSDAForwardOptions.DType.f32), ([(30, 60), (6, 7)], 10240, .f16)] {
            let shape = try MSDAShape(batch: 1, levels: levels, queries: 24, heads: 2, channels: 8, points: 3)
            let t = MSDAWorkload(name: "bands", summary: "", shape: shape, seed: 13).tensors(gradOutput: false, attention: .peaked)
            for threshold: Float in [0, 0.01, 0.1] {
                let (zeroed, _) = MSDAPruning.zeroingPruned(t, threshold: threshold)
                let plain = try Self.run(zeroed, threshold: nil, dtype: dtype, machine: Self.smallUB(bytes), qb: 16)
                let ours = try Self.run(t, threshold: threshold, dtype: dtype, machine: Self.smallUB(bytes), qb: 16)
                XCTAssertGreaterThan(ours.plan.bands[0].count, 1)
                XCTAssertEqual(bits(ours.output), bits(plain.output), "\(dtype) bands, threshold \(threshold)")
            }
        }
    }

    /// P = 1, 3 and 8 (the unrolled compaction), block sizes that are not powers of two (the vmax
    /// fold of the counts: 48 -> 24 -> 16 -> 8, 80 -> 40 -> 32 -> 16 -> 8), a short last block.
    func testPointsAndBlockSizes() throws {
        for (p, qb) in [(1, 48), (3, 80), (8, 16), (8, 48)] {
            let shape = try MSDAShape(batch: 1, levels: [(9, 11), (4, 5)], queries: 100, heads: 2, channels: 8, points: p)
            let t = MSDAWorkload(name: "points", summary: "", shape: shape, seed: UInt64(p)).tensors(gradOutput: false, attention: .peaked)
            for threshold: Float in [0, 0.02] {
                let (zeroed, _) = MSDAPruning.zeroingPruned(t, threshold: threshold)
                let plain = try Self.run(threshold == 0 ? t : zeroed, threshold: nil, qb: qb)
                let ours = try Self.run(t, threshold: threshold, qb: qb)
                XCTAssertEqual(bits(ours.output), bits(plain.output), "P = \(p), QB = \(qb), threshold \(threshold)")
            }
        }
    }

    /// Pruning everything of a level skips it; pruning everything gives zeros.
    func testPruneEverything() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        let out = try Self.run(t, threshold: 2).output
        XCTAssertEqual(out, [Float](repeating: 0, count: t.shape.outputCount))
    }

    /// The peaked workload has the share of near-zero weights it was calibrated for (about 80%
    /// below 0.01 at L * P = 16), the default does not.
    func testPeakedAttentionShare() throws {
        let w = try MSDAWorkload.named("detr")
        func share(_ style: MSDAWorkload.AttentionStyle) -> Double {
            let a = w.tensors(gradOutput: false, attention: style).attentionWeights
            return Double(a.filter { $0 < 0.01 }.count) / Double(a.count)
        }
        let peaked = share(.peaked), uniform = share(.uniform)
        print("weights below 0.01: peaked \(peaked), uniform \(uniform)")
        XCTAssertEqual(peaked, 0.80, accuracy: 0.02)
        XCTAssertLessThan(uniform, 0.5)
    }

    func testBadThreshold() {
        let t = MSDAWorkload.all[0].tensors(gradOutput: false)
        for bad: Float in [-0.1, .nan, .infinity] {
            XCTAssertThrowsError(try Self.run(t, threshold: bad)) { e in
                XCTAssertEqual((e as? MSDAForwardError)?.id, .input)
            }
        }
        var o = MSDAForwardOptions(mode: .train, cores: 2)
        o.pruneThreshold = 0.1
        XCTAssertThrowsError(try MSDAForward.run(tensors: t, options: o)) { e in
            XCTAssertEqual((e as? MSDAForwardError)?.id, .plan)
        }
    }
}
