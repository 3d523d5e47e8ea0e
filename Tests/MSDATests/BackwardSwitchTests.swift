import Foundation
import XCTest
import Interpreter
import MSDA

/// The backward's ablation switches (`MSDABackwardOptions.scatterFusion`, `.staggeredWrites`,
/// with `.corners` stored and gather): every combination against the reference (fp32: the
/// brief's tolerance; fp16: the bound of docs/MSDA-backward.md), and against each other bit for
/// bit where the add order is the same. Staggering only reverses the order of the levels, whose
/// grad planes are disjoint, and the gathered corners equal the stored ones; the machine model
/// applies a core's atomic adds in program order and the cores' in core order, so with the same
/// scatter fusion setting every grad_value element receives the same adds in the same order.
/// Scatter fusion off adds all x0 pieces of a (point, row) before its x1 pieces, another order:
/// grad_value may differ in the last bits, grad_attn and grad_loc (no atomics) may not.
/// Determinism: a second run with another host thread count gives the same bits and cycles.
final class BackwardSwitchTests: XCTestCase {
    static let shapes: [(String, MSDAShape, UInt64)] = [
        ("two levels Q=45", BackwardTests.shape(2, [(9, 7), (5, 4)], q: 45, m: 2, d: 16, p: 4), 15),
        ("three levels P=3", BackwardTests.shape(1, [(6, 6), (3, 5), (2, 2)], q: 40, m: 3, d: 8, p: 3), 51),
    ]

    func testEveryCombination() throws {
        for (label, shape, seed) in Self.shapes {
            let t = BackwardTests.tensors(shape, seed: seed)
            for dtype in [MSDAForwardOptions.DType.f32, .f16] {
                let ref = try MSDAReference.backward(dtype == .f16 ? MSDAForward.roundedToHalf(t) : t, threads: 2)
                var first: [Bool: MSDABackwardResult] = [:]   // per scatter fusion setting
                for corners in MSDABackwardOptions.Corners.allCases {
                    for fusion in [true, false] {
                        for stagger in [true, false] {
                            let name = "\(label) \(dtype) \(corners) fusion=\(fusion) stagger=\(stagger)"
                            let o = MSDABackwardOptions(dtype: dtype, cores: 5, threads: 2, queriesPerBlock: 16, corners: corners,
                                                        scatterFusion: fusion, staggeredWrites: stagger)
                            let r = try MSDABackward.run(tensors: t, options: o)
                            XCTAssertEqual(r.plan.scatterFusion, fusion)
                            XCTAssertEqual(r.plan.staggeredWrites, stagger)
                            XCTAssertEqual(r.plan.defines["SFUSE"], fusion ? nil : "0")
                            XCTAssertEqual(r.plan.defines["STAGGER"], stagger ? "1" : nil)
                            var text = "backward switches \(name): \(Int(r.report.kernelCycles)) cycles"
                            for (g, ours, expected) in [("grad_value", r.gradients.value, ref.value),
                                                        ("grad_sampling_locations", r.gradients.samplingLocations, ref.samplingLocations),
                                                        ("grad_attention_weights", r.gradients.attentionWeights, ref.attentionWeights)] {
                                if dtype == .f16 {
                                    text += " \(g) \(BackwardF16Tests.checkBound("\(name) \(g)", ours, expected))"
                                } else {
                                    let (e, bound) = errorAndBound(ours, expected)
                                    XCTAssertLessThanOrEqual(e, bound, "\(name) \(g)")
                                    text += " \(g) \(e)"
                                }
                            }
                            print(text)
                            if let f = first[fusion] {
                                XCTAssertEqual(bits(r.gradients.value), bits(f.gradients.value), "\(name): grad_value")
                            } else {
                                first[fusion] = r
                            }
                            if let f = first[true] ?? first[false] {
                                XCTAssertEqual(bits(r.gradients.samplingLocations), bits(f.gradients.samplingLocations), "\(name): grad_loc")
                                XCTAssertEqual(bits(r.gradients.attentionWeights), bits(f.gradients.attentionWeights), "\(name): grad_attn")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Scatter fusion off: twice the scatter_add instructions (one per pixel), each with QBc
    /// requests of half the bytes; the model charges ~51 cycles per request against ~2.3 per
    /// 256 bytes, so MTE3 busy must grow by more than half. Staggered runs are deterministic too.
    func testSwitchesChangeTheWork() throws {
        let t = BackwardTests.tensors(Self.shapes[0].1, seed: Self.shapes[0].2)
        func run(_ fusion: Bool, _ stagger: Bool, threads: Int = 2) throws -> MSDABackwardResult {
            try MSDABackward.run(tensors: t, options: MSDABackwardOptions(cores: 4, threads: threads, queriesPerBlock: 16,
                                                                          scatterFusion: fusion, staggeredWrites: stagger))
        }
        let fused = try run(true, false), split = try run(false, false)
        XCTAssertGreaterThan(split.report.cores[0].busy.mte3, 1.5 * fused.report.cores[0].busy.mte3)
        XCTAssertEqual(split.report.opcodeCounts["scatter_add"], 2 * (fused.report.opcodeCounts["scatter_add"] ?? 0))
        let staggered = try run(true, true), again = try run(true, true, threads: 1)
        XCTAssertEqual(staggered.report.kernelCycles, again.report.kernelCycles, "deterministic")
        XCTAssertEqual(bits(staggered.gradients.value), bits(again.gradients.value))
    }
}
