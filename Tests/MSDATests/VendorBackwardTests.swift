import XCTest
import Interpreter
import MSDA

/// The vendor-style backward (kernels/vendor/msda_bwd.asm through `MSDAVendor.backward`) against
/// `MSDAReference.backward` (and the forward output it runs first against `MSDAReference.forward`).
final class VendorBackwardTests: XCTestCase {
    @discardableResult
    func check(_ t: MSDATensors, _ label: String, dtype: MSDAForwardOptions.DType = .f32, cores: Int = 4, qb: Int? = nil,
               file: StaticString = #filePath, line: UInt = #line) throws -> MSDAVendorBackwardResult {
        let options = MSDABackwardOptions(dtype: dtype, cores: cores, threads: 2, queriesPerBlock: qb)
        let result = try MSDAVendor.backward(tensors: t, options: options)
        let input = dtype == .f16 ? MSDAForward.roundedToHalf(t) : t
        let ref = try MSDAReference.backward(input, threads: 2)
        let pairs: [(String, [Float], [Float])] = [
            ("grad_value", result.gradients.value, ref.value),
            ("grad_sampling_locations", result.gradients.samplingLocations, ref.samplingLocations),
            ("grad_attention_weights", result.gradients.attentionWeights, ref.attentionWeights),
        ]
        var text = "vendor backward \(label) [\(t.shape)] \(dtype) QB=\(result.plan.queriesPerBlock), \(Int(result.backward.runs[0].report.kernelCycles)) cycles:"
        for (name, ours, expected) in pairs {
            XCTAssertEqual(ours.count, expected.count, "\(label) \(name)", file: file, line: line)
            if dtype == .f16 {
                let worst = BackwardF16Tests.checkBound("\(label) \(name)", ours, expected, file: file, line: line)
                text += " \(name) worst error/bound \(worst)"
            } else {
                let (error, bound) = errorAndBound(ours, expected)
                text += " \(name) \(error) (bound \(bound))"
                XCTAssertLessThanOrEqual(error, bound, "\(label) \(name)", file: file, line: line)
            }
        }
        print(text)
        return result
    }

    func testTiny() throws {
        try check(MSDAWorkload.named("tiny").tensors(), "tiny")
    }
}

extension VendorBackwardTests {
    static func tensors(_ bs: Int, _ levels: [(Int, Int)], q: Int, m: Int, d: Int, p: Int, seed: UInt64, edges: Bool = false) -> MSDATensors {
        VendorForwardTests.tensors(bs, levels, q: q, m: m, d: d, p: p, seed: seed, edges: edges)
    }

    func testOneLevelOnePoint() throws {
        try check(Self.tensors(1, [(9, 7)], q: 21, m: 3, d: 16, p: 1, seed: 21), "L=1 P=1")
    }

    /// W = 1 and H = 1 levels, border and NaN/infinite locations: zero gradients for invalid
    /// samples, the weight-0 piece of a 1-pixel-wide level lands on the next key (or the spare).
    func testEdgesAndOneWideLevels() throws {
        try check(try MSDAWorkload.named("edges").tensors(), "edges workload")
        try check(Self.tensors(2, [(5, 1), (1, 1), (1, 6)], q: 17, m: 2, d: 8, p: 3, seed: 22, edges: true), "W=1 edges", cores: 3)
    }

    func testWideChannels() throws {
        try check(Self.tensors(1, [(6, 5), (3, 3)], q: 9, m: 2, d: 256, p: 2, seed: 23), "D=256")
    }

    func testBatchesAndBlocks() throws {
        let t = Self.tensors(3, [(12, 10), (6, 5), (3, 3)], q: 23, m: 4, d: 8, p: 4, seed: 24)
        try check(t, "QB chosen")
        try check(t, "QB=2 on 5 cores", cores: 5, qb: 2)
    }

    /// fp16 storage, within the bound of docs/MSDA-backward.md ("fp16 storage").
    func testHalfStorage() throws {
        try check(Self.tensors(2, [(8, 8), (4, 4)], q: 10, m: 2, d: 8, p: 2, seed: 25, edges: true), "f16 D=8 edges", dtype: .f16)
        try check(Self.tensors(1, [(10, 15), (5, 8)], q: 30, m: 8, d: 32, p: 4, seed: 26), "f16 D=32", dtype: .f16)
    }

    /// Bit-identical gradients with 1 and 3 host threads (the fp32 atomics are applied in a fixed order).
    func testDeterministic() throws {
        let t = try MSDAWorkload.named("small").tensors()
        let a = try MSDAVendor.backward(tensors: t, options: MSDABackwardOptions(cores: 6, threads: 1))
        let b = try MSDAVendor.backward(tensors: t, options: MSDABackwardOptions(cores: 6, threads: 3))
        XCTAssertEqual(bits(a.gradients.value), bits(b.gradients.value))
        XCTAssertEqual(bits(a.gradients.samplingLocations), bits(b.gradients.samplingLocations))
        XCTAssertEqual(bits(a.gradients.attentionWeights), bits(b.gradients.attentionWeights))
        XCTAssertEqual(a.backward.cycles, b.backward.cycles)
    }

    /// Golden PyTorch tensors: the three gradients (and the training forward's output).
    func testGolden() throws {
        for set in ["tiny", "detr-decoder", "encoder-edges"] {
            let t = try MSDATensors.load(directory: try goldenDirectory(set), requireGradOutput: true)
            let result = try MSDAVendor.backward(tensors: t, options: MSDABackwardOptions(cores: 8, threads: 2))
            let pairs: [(String, [Float])] = [
                ("output.npy", result.output), ("grad_value.npy", result.gradients.value),
                ("grad_sampling_locations.npy", result.gradients.samplingLocations),
                ("grad_attention_weights.npy", result.gradients.attentionWeights),
            ]
            for (file, ours) in pairs {
                let reference = try goldenFloats(set, file)
                let (error, bound) = errorAndBound(ours, reference.values)
                print("vendor backward golden \(set) \(file): max |ours - ref| = \(error) (bound \(bound))")
                XCTAssertLessThanOrEqual(error, bound, "\(set) \(file)")
            }
        }
    }

    func testNeedsGradOutput() throws {
        let t = try MSDAWorkload.named("tiny").tensors(gradOutput: false)
        XCTAssertThrowsError(try MSDAVendor.backward(tensors: t, options: MSDABackwardOptions(cores: 4))) { error in
            XCTAssertEqual((error as? MSDABackwardError)?.id, .input)
        }
    }
}
