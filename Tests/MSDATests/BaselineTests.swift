import Foundation
import XCTest
import Interpreter
import MSDA
import NPY

/// The baseline design (grid-sample path, `MSDABaseline`, kernels/baseline/*.asm) against
/// `MSDAReference` and the PyTorch golden tensors: the forward output and all three gradients
/// within the brief's fp32 bound 1e-4 * max(1, max |ref|) per tensor; fp16 storage within the
/// derived per-element bounds of docs/MSDA-baseline.md. Expected values always come from the
/// reference or the golden files, never from the kernels.
final class BaselineTests: XCTestCase {
    static func options(_ dtype: MSDAForwardOptions.DType = .f32, cores: Int = 4, threads: Int = 2) -> MSDABackwardOptions {
        MSDABackwardOptions(dtype: dtype, cores: cores, threads: threads)
    }

    /// fp32: the training forward and the backward against the reference (and the inference
    /// forward's output, which must equal the training forward's bit for bit).
    @discardableResult
    func check(_ t: MSDATensors, _ label: String, cores: Int = 4, file: StaticString = #filePath, line: UInt = #line) throws -> MSDABaselineBackwardResult {
        let r = try MSDABaseline.backward(tensors: t, options: Self.options(cores: cores))
        let ref = try MSDAReference.backward(t, threads: 2)
        let out = MSDAReference.forward(t, threads: 2)
        var text = "baseline \(label) [\(t.shape)] N=\(r.plan.forwardSamplesPerBlock)/\(r.plan.backwardSamplesPerBlock) QBxDB=\(r.plan.forwardQueriesPerBlock)x\(r.plan.forwardChannelsPerBlock)/\(r.plan.backwardQueriesPerBlock)x\(r.plan.backwardChannelsPerBlock):"
        for (name, ours, expected) in [("output", r.output, out), ("grad_value", r.gradients.value, ref.value),
                                       ("grad_sampling_locations", r.gradients.samplingLocations, ref.samplingLocations),
                                       ("grad_attention_weights", r.gradients.attentionWeights, ref.attentionWeights)] {
            XCTAssertEqual(ours.count, expected.count, "\(label) \(name)", file: file, line: line)
            let (error, bound) = errorAndBound(ours, expected)
            text += " \(name) \(error) (bound \(bound))"
            XCTAssertLessThanOrEqual(error, bound, "\(label) \(name)", file: file, line: line)
        }
        print(text + "; forward \(Int(r.forward.cycles)) cycles, backward \(Int(r.backward.cycles)) cycles")
        // One grid-sample launch per level and one weighted sum, each way.
        XCTAssertEqual(r.forward.runs.count, t.shape.levelCount + 1, file: file, line: line)
        XCTAssertEqual(r.backward.runs.count, t.shape.levelCount + 1, file: file, line: line)
        let inference = try MSDABaseline.forward(tensors: t, options: MSDAForwardOptions(cores: cores, threads: 2))
        XCTAssertEqual(bits(inference.output), bits(r.output), "\(label): inference and training outputs differ", file: file, line: line)
        return r
    }

    // MARK: - Generated shapes, fp32

    func testTiny() throws {
        try check(try MSDAWorkload.named("tiny").tensors(), "tiny")
    }

    /// Three levels of odd sizes, P = 4, M = 4, D = 16, on 3 cores (ranges not aligned to blocks).
    func testSmallThreeCores() throws {
        try check(try MSDAWorkload.named("small").tensors(), "small", cores: 3)
    }

    func testOneLevelOnePointD8() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(1, [(6, 7)], q: 20, m: 2, d: 8, p: 1), seed: 11), "L=1 P=1 D=8")
    }

    /// W = 1 and H = 1 maps, a 1x1 level, P = 8.
    func testThinMapsEightPoints() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(2, [(1, 5), (4, 1), (1, 1)], q: 18, m: 2, d: 16, p: 8), seed: 12), "W=1 H=1 P=8")
    }

    /// Border, outside, NaN and infinite locations: such samples get exactly zero gradients.
    func testEdgeLocations() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 16, edges: true)
        XCTAssertGreaterThan(t.samplingLocations.filter { !$0.isFinite }.count, 0)
        let r = try check(t, "edges")
        var nonFinite = 0
        for i in 0..<t.shape.attentionWeightsCount where !t.samplingLocations[2 * i].isFinite || !t.samplingLocations[2 * i + 1].isFinite {
            nonFinite += 1
            XCTAssertEqual(r.gradients.attentionWeights[i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i + 1], 0)
        }
        XCTAssertGreaterThan(nonFinite, 0)
    }

    /// D = 32, 2 cores: several blocks of N samples per core (N is UB-bound, about 100), blocks cut at (b, m)
    /// boundaries (Q P = 400), weighted-sum units over several query blocks.
    func testSeveralBlocksPerCore() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(20, 30), (10, 15)], q: 100, m: 3, d: 32, p: 4), seed: 13)
        let r = try check(t, "D=32 two cores", cores: 2)
        // 600 samples per core and level: more than one block each way
        XCTAssertLessThan(r.plan.forwardSamplesPerBlock, 600)
        XCTAssertLessThan(r.plan.backwardSamplesPerBlock, 600)
    }

    /// bs = 3, Q = 1: a core range shorter than one block, cores without work (7 cores, 6 units).
    func testSingleQueryIdleCores() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(3, [(4, 4), (2, 3)], q: 1, m: 2, d: 8, p: 1), seed: 14), "bs=3 Q=1", cores: 7)
    }

    /// D = 256, the largest D: 1 KB pixels; the backward's grid-sample blocks shrink to N = 8.
    func testChannels256() throws {
        let r = try check(BackwardTests.tensors(BackwardTests.shape(1, [(3, 2), (1, 2)], q: 20, m: 2, d: 256, p: 2), seed: 31), "D=256", cores: 3)
        XCTAssertEqual(r.plan.backwardSamplesPerBlock, 8)
    }

    // MARK: - fp16 storage

    /// fp16: inputs rounded to fp16, fp32 arithmetic and fp32 intermediates (docs/MSDA-baseline.md,
    /// "fp16"), so output and gradients are the fp32 path's on the rounded inputs, rounded once:
    /// checked with the xMSDA drivers' derived per-element bounds (`ForwardTests.fp16Check`,
    /// `BackwardF16Tests.checkBound`), and bit for bit against the fp32 baseline on the rounded
    /// inputs where the two runs' plans cut the work identically.
    func checkF16(_ t: MSDATensors, _ label: String, cores: Int = 4) throws {
        let s = t.shape
        let rounded = MSDAForward.roundedToHalf(t)
        let r = try MSDABaseline.backward(tensors: t, options: Self.options(.f16, cores: cores))
        XCTAssertTrue(r.plan.f16)
        let refOut = MSDAReference.forward(rounded, threads: 2)
        let abs = try MSDATensors(shape: s, value: rounded.value.map { Swift.abs($0) }, samplingLocations: rounded.samplingLocations,
                                  attentionWeights: rounded.attentionWeights.map { Swift.abs($0) })
        let (worst, maxError) = ForwardTests.fp16Check(r.output, refOut, MSDAReference.forward(abs, threads: 2), lp: s.samplesPerHead)
        XCTAssertLessThanOrEqual(worst, 1, "\(label) output")
        let ref = try MSDAReference.backward(rounded, threads: 2)
        var text = "baseline f16 \(label) [\(s)]: output max error \(maxError), worst error/bound \(worst)"
        for (name, ours, expected) in [("grad_value", r.gradients.value, ref.value),
                                       ("grad_sampling_locations", r.gradients.samplingLocations, ref.samplingLocations),
                                       ("grad_attention_weights", r.gradients.attentionWeights, ref.attentionWeights)] {
            XCTAssertTrue(ours.allSatisfy { Half.round($0).bitPattern == $0.bitPattern || $0.isNaN }, "\(label) \(name) not fp16")
            text += "; \(name) worst error/bound \(BackwardF16Tests.checkBound("\(label) \(name)", ours, expected))"
        }
        print(text)
        let r32 = try MSDABaseline.backward(tensors: rounded, options: Self.options(.f32, cores: cores))
        XCTAssertEqual(bits(r.output), bits(r32.output.map { Half.round($0) }), "\(label) output: not round16(fp32 baseline)")
        // The forward's weighted-sum unit does not change any sum's order (each output lane adds
        // its levels in turn, then vgsum adds the P points), so only the grid-sample blocks and
        // the backward's channel blocks (grad_attn adds them atomically) must match.
        var p32 = r32.plan, p16 = r.plan
        p32.f16 = true
        (p32.forwardQueriesPerBlock, p32.forwardChannelsPerBlock) = (p16.forwardQueriesPerBlock, p16.forwardChannelsPerBlock)
        if p32 == p16 {     // same blocks and units: the same additions in the same order
            XCTAssertEqual(bits(r.gradients.value), bits(r32.gradients.value.map { Half.round($0) }), "\(label) grad_value")
            XCTAssertEqual(bits(r.gradients.samplingLocations), bits(r32.gradients.samplingLocations.map { Half.round($0) }), "\(label) grad_loc")
            XCTAssertEqual(bits(r.gradients.attentionWeights), bits(r32.gradients.attentionWeights.map { Half.round($0) }), "\(label) grad_attn")
        } else {
            print("baseline f16 \(label): plans differ (\(p16) vs \(r32.plan)): bit-for-bit check skipped")
        }
    }

    func testTinyF16() throws {
        try checkF16(try MSDAWorkload.named("tiny").tensors(), "tiny")
    }

    /// D = 24 in fp16: a 48-byte pixel in a 64-byte slot (DP = 32 != D: the padded transpose of
    /// grid_sample_bwd.asm), Q = 45, 3 cores.
    func testF16PaddedPixels() throws {
        try checkF16(BackwardTests.tensors(BackwardTests.shape(2, [(9, 7), (5, 4)], q: 45, m: 3, d: 24, p: 3), seed: 21), "D=24", cores: 3)
    }

    func testF16Edges() throws {
        try checkF16(BackwardTests.tensors(BackwardTests.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 16, edges: true), "edges")
    }

    // MARK: - Golden (PyTorch's grid-sample path)

    private func golden(_ set: String) throws {
        let t = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
        let r = try MSDABaseline.backward(tensors: t, options: Self.options(cores: 8))
        for (file, ours) in [("output.npy", r.output), ("grad_value.npy", r.gradients.value),
                             ("grad_sampling_locations.npy", r.gradients.samplingLocations),
                             ("grad_attention_weights.npy", r.gradients.attentionWeights)] {
            let reference = try goldenFloats(set, file)
            let (error, bound) = errorAndBound(ours, reference.values)
            print("baseline golden \(set) \(file): max |ours - ref| = \(error) (bound \(bound))")
            XCTAssertLessThanOrEqual(error, bound, "\(set)/\(file)")
        }
    }

    func testGoldenTiny() throws { try golden("tiny") }
    func testGoldenDetrDecoder() throws { try golden("detr-decoder") }
    func testGoldenEncoderEdges() throws { try golden("encoder-edges") }

    // MARK: - Determinism and errors

    /// The atomic adds of grad_value and grad_attn are applied in core order, then program order:
    /// the same bits with 1 or 4 host threads.
    func testDeterministicAcrossHostThreads() throws {
        let t = try MSDAWorkload.named("small").tensors()
        let a = try MSDABaseline.backward(tensors: t, options: Self.options(cores: 5, threads: 1))
        let b = try MSDABaseline.backward(tensors: t, options: Self.options(cores: 5, threads: 4))
        XCTAssertEqual(bits(a.gradients.value), bits(b.gradients.value))
        XCTAssertEqual(bits(a.gradients.samplingLocations), bits(b.gradients.samplingLocations))
        XCTAssertEqual(bits(a.gradients.attentionWeights), bits(b.gradients.attentionWeights))
        XCTAssertEqual(a.backward.cycles, b.backward.cycles)
    }

    func testBackwardWithoutGradOutputIsAnError() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        XCTAssertThrowsError(try MSDABaseline.backward(tensors: t, options: Self.options())) { error in
            XCTAssertEqual((error as? MSDABackwardError)?.id, .input)
        }
    }
}
