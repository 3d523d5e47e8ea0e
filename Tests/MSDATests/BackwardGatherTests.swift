import Foundation
import XCTest
import Interpreter
import MSDA
import NPY

/// The backward without stored corners (`MSDABackwardOptions(corners: .gather)`: the inference
/// forward, then kernels/msda_bwd.asm with -D GATHER=1 gathering the corners from the value
/// planes). Two independent expectations: the reference (`MSDAReference.backward`, the brief's
/// fp32 tolerance or the fp16 bound of docs/MSDA-backward.md) and the stored-corner path: the
/// gathered corners are the same values the training forward stores (the same UB gather of the
/// same planes, or the sum of one corner and zeros over bands), and everything after them is the
/// same instruction sequence, so with the same QB and cores the gradients must be bit-identical.
final class BackwardGatherTests: XCTestCase {
    static func options(_ dtype: MSDAForwardOptions.DType = .f32, cores: Int = 4, qb: Int? = 16,
                        corners: MSDABackwardOptions.Corners = .gather) -> MSDABackwardOptions {
        MSDABackwardOptions(dtype: dtype, cores: cores, threads: 2, queriesPerBlock: qb, corners: corners)
    }

    /// Runs the gather path, checks it against the reference and (same QB, same cores) bit for bit
    /// against the stored-corner path. Returns the gather run.
    @discardableResult
    func check(_ t: MSDATensors, _ options: MSDABackwardOptions, _ label: String, minBands: Int = 1,
               file: StaticString = #filePath, line: UInt = #line) throws -> MSDABackwardResult {
        let r = try MSDABackward.run(tensors: t, options: options)
        XCTAssertTrue(r.plan.gather, file: file, line: line)
        XCTAssertEqual(r.plan.fused, options.dtype == .f16, "fp16 gathers fused pairs", file: file, line: line)
        XCTAssertGreaterThanOrEqual(r.plan.bandCounts.max() ?? 0, minBands, "\(label): bands \(r.plan.bandCounts)", file: file, line: line)
        let f16 = options.dtype == .f16
        let ref = try MSDAReference.backward(f16 ? MSDAForward.roundedToHalf(t) : t, threads: 2)
        let pairs: [(String, [Float], [Float])] = [
            ("grad_value", r.gradients.value, ref.value),
            ("grad_sampling_locations", r.gradients.samplingLocations, ref.samplingLocations),
            ("grad_attention_weights", r.gradients.attentionWeights, ref.attentionWeights),
        ]
        var text = "backward gather \(options.dtype) \(label) [\(t.shape)] QB=\(r.plan.queriesPerBlock) NBUF=\(r.plan.planeBuffers) bands \(r.plan.bandCounts), \(Int(r.report.kernelCycles)) cycles:"
        for (name, ours, expected) in pairs {
            if f16 {
                let worst = BackwardF16Tests.checkBound("\(label) \(name)", ours, expected, file: file, line: line)
                text += " \(name) worst error/bound \(worst)"
            } else {
                let (error, bound) = errorAndBound(ours, expected)
                text += " \(name) \(error) (bound \(bound))"
                XCTAssertLessThanOrEqual(error, bound, "\(label): \(name)", file: file, line: line)
            }
        }
        print(text)
        var stored = options
        stored.corners = .stored
        stored.queriesPerBlock = r.plan.queriesPerBlock
        let s = try MSDABackward.run(tensors: t, options: stored)
        XCTAssertEqual(bits(r.gradients.value), bits(s.gradients.value), "\(label): grad_value differs from the stored path", file: file, line: line)
        XCTAssertEqual(bits(r.gradients.samplingLocations), bits(s.gradients.samplingLocations), "\(label): grad_loc differs", file: file, line: line)
        XCTAssertEqual(bits(r.gradients.attentionWeights), bits(s.gradients.attentionWeights), "\(label): grad_attn differs", file: file, line: line)
        return r
    }

    static let shapes: [(String, MSDAShape, UInt64)] = [
        ("L=1 P=1 D=8", BackwardTests.shape(1, [(6, 7)], q: 20, m: 2, d: 8, p: 1), 11),
        ("H=1 W=1 P=8", BackwardTests.shape(2, [(1, 5), (4, 1), (1, 1)], q: 18, m: 3, d: 8, p: 8), 12),
        ("Q=45 two blocks", BackwardTests.shape(2, [(9, 7), (5, 4)], q: 45, m: 2, d: 16, p: 4), 15),
        ("bs=3 Q=1", BackwardTests.shape(3, [(4, 4), (2, 3)], q: 1, m: 2, d: 16, p: 3), 14),
    ]

    func testTiny() throws {
        let t = try MSDAWorkload.named("tiny").tensors()
        try check(t, Self.options(), "tiny")
        try check(t, Self.options(.f16), "tiny")
    }

    func testGeneratedShapes() throws {
        for (label, shape, seed) in Self.shapes {
            let t = BackwardTests.tensors(shape, seed: seed)
            try check(t, Self.options(cores: 3), label)
            try check(t, Self.options(.f16, cores: 3), label)
        }
    }

    /// The plan's own choice of QB and plane buffers (not pinned) also matches the reference.
    func testChosenPlan() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(12, 10), (6, 5), (3, 3)], q: 50, m: 2, d: 16, p: 4), seed: 41)
        try check(t, Self.options(cores: 4, qb: nil), "chosen plan")
        try check(t, Self.options(.f16, cores: 4, qb: nil), "chosen plan")
    }

    /// Border and out-of-range locations, NaN and infinity: their gradients are exactly 0.
    func testEdgeLocations() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 16, edges: true)
        XCTAssertGreaterThan(t.samplingLocations.filter { !$0.isFinite }.count, 0)
        for dtype in [MSDAForwardOptions.DType.f32, .f16] {
            let r = try check(t, Self.options(dtype), "edges")
            for i in 0..<t.shape.attentionWeightsCount where !t.samplingLocations[2 * i].isFinite || !t.samplingLocations[2 * i + 1].isFinite {
                XCTAssertEqual(r.gradients.attentionWeights[i], 0)
                XCTAssertEqual(r.gradients.samplingLocations[2 * i], 0)
                XCTAssertEqual(r.gradients.samplingLocations[2 * i + 1], 0)
            }
        }
    }

    /// Every location outside or on the far edge of the valid range (loc in {-0.2, 0, 1, 1.2, 0.5}).
    func testOutsideLocations() throws {
        let s = BackwardTests.shape(1, [(4, 5)], q: 16, m: 1, d: 8, p: 2)
        let base = BackwardTests.tensors(s, seed: 17)
        let choices: [Float] = [-0.2, 0, 1, 1.2, 0.5]
        let t = try MSDATensors(shape: s, value: base.value, samplingLocations: base.samplingLocations.indices.map { choices[$0 % choices.count] },
                                attentionWeights: base.attentionWeights, gradOutput: base.gradOutput)
        try check(t, Self.options(cores: 2), "outside")
        try check(t, Self.options(.f16, cores: 2), "outside")
    }

    /// D = 256: the grad_output and piece buffers (160 KB at QB = 16) leave under 30 KB, so the
    /// 120x150 level (74 KB fp32, 37 KB fp16) needs several bands in both types, each channel's
    /// bands gathered in turn into the same d_k.
    func testWideChannelsWithBands() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(120, 150), (5, 6)], q: 20, m: 1, d: 256, p: 2), seed: 42)
        try check(t, Self.options(cores: 2), "D=256 bands", minBands: 2)
        try check(t, Self.options(.f16, cores: 2), "D=256 bands", minBands: 2)
    }

    /// A level that needs bands at a moderate D (the 200x250 plane is 204 KB in fp32, 109 KB in
    /// remapped fp16: larger than the UB, or than what the backward's buffers leave), fp32 with
    /// both plane-buffer counts pinned, and fp16.
    func testBandsD64() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(200, 250), (9, 8)], q: 24, m: 1, d: 64, p: 2), seed: 43)
        for buffers in [1, 2] {
            var o = Self.options(cores: 2)
            o.planeBuffers = buffers
            let r = try check(t, o, "D=64 bands NBUF=\(buffers)", minBands: 2)
            XCTAssertEqual(r.plan.planeBuffers, buffers)
        }
        try check(t, Self.options(.f16, cores: 2), "D=64 bands", minBands: 2)
    }

    /// One plane buffer (no double buffering: each channel's copy waits for the previous
    /// channel's gather), on generated shapes in both types.
    func testSinglePlaneBuffer() throws {
        for (label, shape, seed) in Self.shapes.prefix(3) {
            let t = BackwardTests.tensors(shape, seed: seed)
            for dtype in [MSDAForwardOptions.DType.f32, .f16] {
                var o = Self.options(dtype, cores: 3)
                o.planeBuffers = 1
                XCTAssertEqual(try check(t, o, label + " NBUF=1").plan.planeBuffers, 1)
            }
        }
    }

    /// A plane-buffer count other than 1 or 2 is a plan error, not a crash.
    func testBadPlaneBuffers() throws {
        var o = Self.options()
        o.planeBuffers = 3
        XCTAssertThrowsError(try MSDABackward.run(tensors: try MSDAWorkload.named("tiny").tensors(), options: o)) { error in
            XCTAssertEqual((error as? MSDABackwardError)?.id, .plan)
        }
    }

    // MARK: - Golden (PyTorch) gradients

    func checkGolden(_ set: String, cores: Int) throws {
        let t = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
        let r = try MSDABackward.run(tensors: t, options: Self.options(cores: cores, qb: nil))
        XCTAssertTrue(r.plan.gather)
        var text = "backward gather golden \(set): QB=\(r.plan.queriesPerBlock), \(Int(r.report.kernelCycles)) cycles:"
        for (name, ours) in [("grad_value.npy", r.gradients.value), ("grad_sampling_locations.npy", r.gradients.samplingLocations),
                             ("grad_attention_weights.npy", r.gradients.attentionWeights)] {
            let (error, bound) = errorAndBound(ours, try goldenFloats(set, name).values)
            text += " \(name) \(error) (bound \(bound))"
            XCTAssertLessThanOrEqual(error, bound, "\(set) \(name)")
        }
        print(text)
    }

    func testGoldenTiny() throws { try checkGolden("tiny", cores: 4) }
    func testGoldenDetrDecoder() throws { try checkGolden("detr-decoder", cores: 8) }
    func testGoldenEncoderEdges() throws { try checkGolden("encoder-edges", cores: 8) }
}
