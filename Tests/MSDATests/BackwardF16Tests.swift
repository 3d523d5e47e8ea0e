import Foundation
import XCTest
import Interpreter
import MSDA
import NPY

/// The fp16 backward (`MSDABackwardOptions(dtype: .f16)`, kernels/msda_bwd.asm with -D F16=1)
/// against `MSDAReference.backward` on the same fp16-rounded inputs, within the bound derived in
/// docs/MSDA-backward.md ("fp16 storage"): per element
/// |ours - ref| <= 2^-11 |ref| + (1 + 2^-11) e32 + 2^-25, with e32 = 1e-4 max(1, max |ref|) per
/// tensor (the fp32 path's bound). And the stronger, exact property behind it: the fp16 gradients
/// are the fp32 kernel's gradients on the rounded inputs, each rounded once to fp16.
final class BackwardF16Tests: XCTestCase {
    static func options(_ dtype: MSDAForwardOptions.DType = .f16, cores: Int = 4, qb: Int? = nil) -> MSDABackwardOptions {
        MSDABackwardOptions(dtype: dtype, cores: cores, threads: 2, queriesPerBlock: qb)
    }

    /// Per element bound check; returns the worst error / bound ratio.
    @discardableResult
    static func checkBound(_ name: String, _ ours: [Float], _ ref: [Float], file: StaticString = #filePath, line: UInt = #line) -> Double {
        XCTAssertEqual(ours.count, ref.count, name, file: file, line: line)
        let maxRef = ref.reduce(0.0) { max($0, abs(Double($1))) }
        let e32 = 1e-4 * max(1, maxRef)
        var worst = 0.0
        for i in ref.indices {
            let bound = 0x1p-11 * abs(Double(ref[i])) + (1 + 0x1p-11) * e32 + 0x1p-25
            let e = abs(Double(ours[i]) - Double(ref[i]))
            if !(e <= bound) {
                XCTFail("\(name)[\(i)]: ours \(ours[i]) ref \(ref[i]) error \(e) > bound \(bound)", file: file, line: line)
                return .infinity
            }
            worst = max(worst, e / bound)
        }
        return worst
    }

    @discardableResult
    func check(_ t: MSDATensors, _ options: MSDABackwardOptions = BackwardF16Tests.options(), _ label: String,
               exact: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> MSDABackwardResult {
        let rounded = MSDAForward.roundedToHalf(t)
        let result = try MSDABackward.run(tensors: t, options: options)
        XCTAssertTrue(result.plan.f16, file: file, line: line)
        let ref = try MSDAReference.backward(rounded, threads: 2)
        let pairs: [(String, [Float], [Float])] = [
            ("grad_value", result.gradients.value, ref.value),
            ("grad_sampling_locations", result.gradients.samplingLocations, ref.samplingLocations),
            ("grad_attention_weights", result.gradients.attentionWeights, ref.attentionWeights),
        ]
        var text = "backward f16 \(label) [\(t.shape)] QB=\(result.plan.queriesPerBlock), \(Int(result.report.kernelCycles)) cycles:"
        for (name, ours, expected) in pairs {
            // every stored gradient is an fp16 value
            XCTAssertTrue(ours.allSatisfy { Half.round($0).bitPattern == $0.bitPattern || $0.isNaN }, "\(label) \(name) not fp16", file: file, line: line)
            let worst = Self.checkBound("\(label) \(name)", ours, expected, file: file, line: line)
            text += " \(name) worst error/bound \(worst)"
        }
        print(text)
        if exact {
            // The fp16 kernel widens exact fp16 inputs and runs the fp32 arithmetic: its results are
            // the fp32 kernel's on the rounded inputs, rounded once to fp16 (same QB, same cores).
            var o32 = options
            o32.dtype = .f32
            o32.queriesPerBlock = result.plan.queriesPerBlock
            let r32 = try MSDABackward.run(tensors: rounded, options: o32)
            for (name, a, b) in [("grad_value", result.gradients.value, r32.gradients.value),
                                 ("grad_sampling_locations", result.gradients.samplingLocations, r32.gradients.samplingLocations),
                                 ("grad_attention_weights", result.gradients.attentionWeights, r32.gradients.attentionWeights)] {
                XCTAssertEqual(a.map(\.bitPattern), b.map { Half.round($0).bitPattern }, "\(label) \(name): not round16(fp32 kernel)", file: file, line: line)
            }
        }
        return result
    }

    func testTiny() throws {
        try check(try MSDAWorkload.named("tiny").tensors(), Self.options(), "tiny")
    }

    func testOneLevelOnePointD8() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(1, [(6, 7)], q: 20, m: 2, d: 8, p: 1), seed: 11), Self.options(), "L=1 P=1 D=8")
    }

    /// D = 24: grad_output rows of 48 bytes, padded to 64-byte rows in UB (the GREP gather).
    func testOddChannelGroupsShortBlock() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(2, [(9, 7), (5, 4)], q: 45, m: 3, d: 24, p: 3), seed: 21),
                  Self.options(cores: 3, qb: 16), "D=24 Q=45 QB=16")
    }

    /// D = 256, the largest DMAX: GH is aliased on G2 (no fp16 grad_output staging of its own),
    /// so QB = 16 fits the 192 KB UB up to P = 8; Q = 20 gives a short last block.
    func testChannels256() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(3, 2), (1, 2)], q: 20, m: 2, d: 256, p: 2), seed: 31)
        let r = try check(t, Self.options(cores: 3, qb: 16), "D=256 Q=20 QB=16")
        XCTAssertEqual(r.plan.channels, 256)
        // the largest fp16 configuration at D = 256 still fits and runs: QB = 16 with P = 8
        let t8 = BackwardTests.tensors(BackwardTests.shape(1, [(3, 2)], q: 16, m: 1, d: 256, p: 8), seed: 32)
        let r8 = try check(t8, Self.options(cores: 2, qb: 16), "D=256 P=8 QB=16")
        XCTAssertEqual(r8.plan.queriesPerBlock, 16)
    }

    func testThinMapsEightPoints() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(2, [(1, 5), (4, 1), (1, 1)], q: 18, m: 2, d: 16, p: 8), seed: 12),
                  Self.options(), "H=1 W=1 P=8")
    }

    /// Border and out-of-range locations, NaN and infinity: exactly zero gradients for those.
    func testEdgeLocations() throws {
        let t = BackwardTests.tensors(BackwardTests.shape(1, [(7, 1), (1, 9), (1, 1), (5, 6)], q: 40, m: 2, d: 8, p: 3), seed: 16, edges: true)
        XCTAssertGreaterThan(t.samplingLocations.filter { !$0.isFinite }.count, 0)
        let r = try check(t, Self.options(), "edges")
        for i in 0..<t.shape.attentionWeightsCount where !t.samplingLocations[2 * i].isFinite || !t.samplingLocations[2 * i + 1].isFinite {
            XCTAssertEqual(r.gradients.attentionWeights[i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i], 0)
            XCTAssertEqual(r.gradients.samplingLocations[2 * i + 1], 0)
        }
    }

    func testSingleQueryBatch3() throws {
        try check(BackwardTests.tensors(BackwardTests.shape(3, [(4, 4), (2, 3)], q: 1, m: 2, d: 8, p: 1), seed: 14), Self.options(), "bs=3 Q=1 P=1")
    }

    /// The golden `tiny` inputs (PyTorch's fp32 tensors), run in fp16: checked against the
    /// reference on the same fp16-rounded inputs within the derived bound (`check`). The distance
    /// to PyTorch's fp32 gradients is printed only: rounding the inputs moves samples (grad_loc is
    /// discontinuous where a sample crosses a pixel boundary), which no kernel bound covers.
    func testGoldenTinyF16() throws {
        let t = try MSDATensors.load(directory: try goldenDirectory("tiny"), requireGradOutput: true)
        let r = try check(t, Self.options(), "golden tiny")
        for (name, ours) in [("grad_value.npy", r.gradients.value), ("grad_sampling_locations.npy", r.gradients.samplingLocations),
                             ("grad_attention_weights.npy", r.gradients.attentionWeights)] {
            let golden = try goldenFloats("tiny", name).values
            XCTAssertEqual(ours.count, golden.count, name)
            let scale = golden.reduce(0.0) { max($0, abs(Double($1))) }
            let e = zip(ours, golden).reduce(0.0) { max($0, abs(Double($1.0) - Double($1.1))) }
            print("backward f16 golden tiny \(name) (informative): max |ours - PyTorch fp32| \(e), max |golden| \(scale)")
        }
    }
}
