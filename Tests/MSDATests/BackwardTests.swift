import Foundation
import XCTest
import Interpreter
import MSDA

/// The backward kernel (kernels/msda_bwd.asm through `MSDABackward`) against
/// `MSDAReference.backward` on generated shapes and against the PyTorch golden gradients.
/// Expected values always come from the reference (or the golden files), never from the kernel.
final class BackwardTests: XCTestCase {
    static func shape(_ bs: Int, _ levels: [(Int, Int)], q: Int, m: Int, d: Int, p: Int) -> MSDAShape {
        try! MSDAShape(batch: bs, levels: levels, queries: q, heads: m, channels: d, points: p)
    }

    static func tensors(_ shape: MSDAShape, seed: UInt64, edges: Bool = false) -> MSDATensors {
        MSDAWorkload(name: "backward-test", summary: "", shape: shape, seed: seed, style: edges ? .edges : .typical).tensors()
    }

    static func options(cores: Int = 4, threads: Int = 2, qb: Int? = nil) -> MSDABackwardOptions {
        MSDABackwardOptions(cores: cores, threads: threads, queriesPerBlock: qb)
    }

    /// Runs the backward and compares all three gradients with the reference, per tensor
    /// max |ours - ref| <= 1e-4 * max(1, max |ref|).
    @discardableResult
    func check(_ t: MSDATensors, _ options: MSDABackwardOptions = BackwardTests.options(), _ label: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> MSDABackwardResult {
        let result = try MSDABackward.run(tensors: t, options: options)
        let ref = try MSDAReference.backward(t, threads: 2)
        let pairs: [(String, [Float], [Float])] = [
            ("grad_value", result.gradients.value, ref.value),
            ("grad_sampling_locations", result.gradients.samplingLocations, ref.samplingLocations),
            ("grad_attention_weights", result.gradients.attentionWeights, ref.attentionWeights),
        ]
        var text = "backward \(label) [\(t.shape)] QB=\(result.plan.queriesPerBlock), \(Int(result.report.kernelCycles)) cycles:"
        for (name, ours, expected) in pairs {
            let (error, bound) = errorAndBound(ours, expected)
            text += " \(name) \(error) (bound \(bound))"
            XCTAssertLessThanOrEqual(error, bound, "\(label): \(name)", file: file, line: line)
        }
        print(text)
        return result
    }

    func testTiny() throws {
        try check(try MSDAWorkload.named("tiny").tensors(), Self.options(), "tiny")
    }

    // MARK: - Generated shapes

    func testOneLevelOnePoint() throws {
        try check(Self.tensors(Self.shape(1, [(6, 7)], q: 20, m: 2, d: 8, p: 1), seed: 11), Self.options(), "L=1 P=1")
    }

    /// H = 1 and W = 1 maps (every sample straddles the border) and 8 points.
    func testThinMaps() throws {
        try check(Self.tensors(Self.shape(2, [(1, 5), (4, 1), (1, 1)], q: 18, m: 3, d: 8, p: 8), seed: 12), Self.options(), "H=1 W=1 P=8")
    }

    /// The largest D: the pieces are 2 KB each, QB falls to what the UB holds.
    func testWideChannels() throws {
        try check(Self.tensors(Self.shape(1, [(5, 6), (3, 3)], q: 24, m: 1, d: 256, p: 2), seed: 13), Self.options(cores: 3), "D=256")
    }

    /// bs = 3, Q = 1: blocks of one query (15 garbage lanes per block are never stored).
    func testSingleQuery() throws {
        try check(Self.tensors(Self.shape(3, [(4, 4), (2, 3)], q: 1, m: 2, d: 16, p: 3), seed: 14), Self.options(), "bs=3 Q=1")
    }

    /// Several blocks per (b, m) with a short last block, more units than cores, pinned QB.
    func testShortLastBlock() throws {
        try check(Self.tensors(Self.shape(2, [(9, 7), (5, 4)], q: 45, m: 2, d: 16, p: 4), seed: 15), Self.options(cores: 3, qb: 16), "Q=45 QB=16")
    }

    /// Border and out-of-range locations, NaN and infinity (their gradients are 0).
    func testEdgeLocations() throws {
        let t = Self.tensors(Self.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 16, edges: true)
        let nonFinite = t.samplingLocations.filter { !$0.isFinite }.count
        XCTAssertGreaterThan(nonFinite, 0, "the edges style must produce NaN or infinite locations")
        let r = try check(t, Self.options(), "edges")
        // Samples with a non-finite coordinate are invalid: exactly zero gradients.
        for i in 0..<t.shape.attentionWeightsCount where !t.samplingLocations[2 * i].isFinite || !t.samplingLocations[2 * i + 1].isFinite {
            XCTAssertEqual(r.gradients.attentionWeights[i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i + 1], 0)
        }
    }

    /// Locations all outside the maps or on the far side of the valid range: everything is 0 or
    /// half-outside (loc in {-0.2, 0, 1, 1.2}).
    func testOutsideLocations() throws {
        let s = Self.shape(1, [(4, 5)], q: 16, m: 1, d: 8, p: 2)
        let base = Self.tensors(s, seed: 17)
        let choices: [Float] = [-0.2, 0, 1, 1.2, 0.5]
        let locations = base.samplingLocations.indices.map { choices[$0 % choices.count] }
        let t = try MSDATensors(shape: s, value: base.value, samplingLocations: locations,
                                attentionWeights: base.attentionWeights, gradOutput: base.gradOutput)
        try check(t, Self.options(cores: 2), "outside")
    }

    // MARK: - Golden (PyTorch) gradients

    func checkGolden(_ set: String, cores: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let t = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
        let r = try MSDABackward.run(tensors: t, options: Self.options(cores: cores))
        let files: [(String, [Float])] = [
            ("grad_value.npy", r.gradients.value),
            ("grad_sampling_locations.npy", r.gradients.samplingLocations),
            ("grad_attention_weights.npy", r.gradients.attentionWeights),
        ]
        var text = "backward golden \(set): QB=\(r.plan.queriesPerBlock), \(Int(r.report.kernelCycles)) cycles:"
        for (name, ours) in files {
            let golden = try goldenFloats(set, name)
            let (error, bound) = errorAndBound(ours, golden.values)
            text += " \(name) \(error) (bound \(bound))"
            XCTAssertLessThanOrEqual(error, bound, "\(set) \(name)", file: file, line: line)
        }
        print(text)
    }

    func testGoldenTiny() throws { try checkGolden("tiny", cores: 4) }
    func testGoldenDetrDecoder() throws { try checkGolden("detr-decoder", cores: 8) }
    func testGoldenEncoderEdges() throws { try checkGolden("encoder-edges", cores: 8) }

    // MARK: - Determinism

    /// The scatter-add is order-dependent in fp32; the machine model applies atomics in core and
    /// program order, so two runs and host thread counts 1 and 4 give bit-identical gradients.
    func testDeterministic() throws {
        let t = Self.tensors(Self.shape(2, [(6, 6), (3, 3)], q: 40, m: 2, d: 8, p: 4), seed: 18)
        let a = try MSDABackward.run(tensors: t, options: Self.options(cores: 6, threads: 1))
        let b = try MSDABackward.run(tensors: t, options: Self.options(cores: 6, threads: 4))
        let c = try MSDABackward.run(tensors: t, options: Self.options(cores: 6, threads: 4))
        for other in [b, c] {
            XCTAssertEqual(bits(a.gradients.value), bits(other.gradients.value))
            XCTAssertEqual(bits(a.gradients.samplingLocations), bits(other.gradients.samplingLocations))
            XCTAssertEqual(bits(a.gradients.attentionWeights), bits(other.gradients.attentionWeights))
            XCTAssertEqual(a.report.kernelCycles, other.report.kernelCycles)
        }
        // Many samples share pixels here, so the order of the atomic adds matters: the test
        // would notice a nondeterministic order.
        XCTAssertGreaterThan(t.shape.sampleCount, 4 * (t.shape.keys * t.shape.batch))
    }

    // MARK: - Errors

    func testNeedsGradOutput() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        XCTAssertThrowsError(try MSDABackward.run(tensors: t, options: Self.options())) { error in
            XCTAssertEqual((error as? MSDABackwardError)?.id, .input)
        }
    }
}
